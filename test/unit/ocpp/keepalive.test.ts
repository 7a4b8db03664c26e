import { describe, expect, test } from "bun:test";
import { Keepalive } from "../../../src/ocpp/keepalive.ts";
import { FakeClock } from "../../support/fake-clock.ts";

function setup(pongTimeoutMs = 2_000) {
  const clock = new FakeClock();
  const events: string[] = [];
  const keepalive = new Keepalive({ clock, pongTimeoutMs, ping: () => events.push("ping"), onDead: () => events.push("dead") });
  return { clock, events, keepalive };
}

describe("Keepalive", () => {
  test("pings every interval while pongs come back", () => {
    const { clock, events, keepalive } = setup();
    keepalive.start(10);
    for (let i = 0; i < 3; i++) {
      clock.advance(10_000);
      keepalive.pongReceived();
    }
    expect(events).toEqual(["ping", "ping", "ping"]);
  });

  test("a pong that does not come within the timeout reports a dead link, once", () => {
    const { clock, events, keepalive } = setup();
    keepalive.start(10);
    clock.advance(10_000 + 1_999);
    expect(events).toEqual(["ping"]);
    clock.advance(1);
    expect(events).toEqual(["ping", "dead"]);
    clock.advance(60_000);
    expect(events).toEqual(["ping", "dead"]);
  });

  test("an interval of 0 sends no pings", () => {
    const { clock, events, keepalive } = setup();
    keepalive.start(0);
    clock.advance(3_600_000);
    expect(events).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  test("a new interval takes effect on the running connection", () => {
    const { clock, events, keepalive } = setup();
    keepalive.start(0);
    keepalive.setInterval(5);
    clock.advance(5_000);
    keepalive.pongReceived();
    keepalive.setInterval(0);
    clock.advance(60_000);
    expect(events).toEqual(["ping"]);
  });

  test("stop cancels every timer", () => {
    const { clock, events, keepalive } = setup();
    keepalive.start(1);
    clock.advance(1_000);
    keepalive.stop();
    clock.advance(60_000);
    expect(events).toEqual(["ping"]);
    expect(clock.pendingTimers).toBe(0);
  });
});
