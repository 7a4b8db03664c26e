import { stationKeys } from "../../support/key-table.ts";
import { describe, expect, test } from "bun:test";
import { Configuration } from "../../../src/station/configuration/configuration.ts";
import { Heartbeat } from "../../../src/station/heartbeat.ts";
import type { CallOutcome } from "../../../src/station/ports.ts";
import { Registration } from "../../../src/station/registration.ts";
import { withSendTracking } from "../../../src/station/sent-tracker.ts";
import { FakeCentralSystem } from "../../support/fake-central-system.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { MemoryConfigurationStore } from "../../support/memory-configuration-store.ts";

const identity = { chargePointVendor: "CASTPRO", chargePointModel: "CSC-22B7", firmwareVersion: "1.0.0" };
const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

function station(respondBoot?: () => CallOutcome<unknown>) {
  const clock = new FakeClock("2026-01-01T00:00:00Z");
  const csms = new FakeCentralSystem(clock);
  if (respondBoot) {
    const fallback = csms.respond;
    csms.respond = (action, payload) => (action === "BootNotification" ? respondBoot() : fallback(action, payload));
  }
  const configuration = new Configuration({ keys: stationKeys, overrides: {}, store: new MemoryConfigurationStore() });
  const tracked = withSendTracking(csms, clock);
  const registration = new Registration({ identity, csms: tracked, clock, configuration, log: silentLog });
  const heartbeat = new Heartbeat({ csms: tracked, lastSentAt: tracked.lastSentAt, clock, configuration, isAccepted: () => registration.status === "Accepted", log: silentLog });
  registration.onAccepted(() => heartbeat.schedule());
  registration.start();
  return { clock, csms, tracked, configuration, registration, heartbeat };
}

const bootAnswer = (status: string, interval: number, currentTime = "2026-06-01T12:00:00.000Z"): CallOutcome<unknown> => ({
  kind: "ok",
  payload: { status, currentTime, interval },
});

describe("Registration", () => {
  test("sends BootNotification with the station's identity as soon as the link is up", async () => {
    const { clock, csms, registration } = station();
    await clock.advanceAsync(10_000);
    expect(csms.calls).toEqual([]);
    csms.connect();
    await clock.advanceAsync(0);
    expect(csms.calls).toEqual([{ action: "BootNotification", payload: identity, at: new Date("2026-01-01T00:00:10Z") }]);
    expect(registration.status).toBe("Accepted");
  });

  test("Accepted sets the clock and takes the interval as HeartbeatInterval", async () => {
    const { clock, csms, configuration } = station(() => bootAnswer("Accepted", 120));
    csms.connect();
    await clock.advanceAsync(0);
    expect(clock.now().toISOString()).toBe("2026-06-01T12:00:00.000Z");
    expect(configuration.integer("HeartbeatInterval")).toBe(120);
  });

  test("Pending waits the interval before the next BootNotification and sends nothing else", async () => {
    let answer = bootAnswer("Pending", 60);
    const { clock, csms, registration } = station(() => answer);
    csms.connect();
    await clock.advanceAsync(0);
    expect(registration.status).toBe("Pending");
    await clock.advanceAsync(59_000);
    expect(csms.actions).toEqual(["BootNotification"]);
    answer = bootAnswer("Accepted", 300);
    await clock.advanceAsync(1_000);
    expect(csms.actions).toEqual(["BootNotification", "BootNotification"]);
    expect(registration.status).toBe("Accepted");
  });

  test("Rejected stays silent until the interval has passed", async () => {
    const { clock, csms, registration } = station(() => bootAnswer("Rejected", 600));
    csms.connect();
    await clock.advanceAsync(599_000);
    expect(registration.status).toBe("Rejected");
    expect(csms.actions).toEqual(["BootNotification"]);
    await clock.advanceAsync(1_000);
    expect(csms.actions).toEqual(["BootNotification", "BootNotification"]);
  });

  test("interval 0 when not accepted waits the station's own delay instead of flooding", async () => {
    const { clock, csms } = station(() => bootAnswer("Pending", 0));
    csms.connect();
    await clock.advanceAsync(59_000);
    expect(csms.actions).toHaveLength(1);
    await clock.advanceAsync(1_000);
    expect(csms.actions).toHaveLength(2);
  });

  test("a CALLERROR or no answer retries with a growing delay", async () => {
    const { clock, csms, registration } = station(() => ({ kind: "callError", code: "InternalError", description: "db down" }));
    csms.connect();
    await clock.advanceAsync(0);
    expect(registration.state).toMatchObject({ kind: "retrying", reason: "InternalError: db down" });
    await clock.advanceAsync(10_000);
    expect(csms.actions).toHaveLength(2);
    await clock.advanceAsync(19_000);
    expect(csms.actions).toHaveLength(2);
    await clock.advanceAsync(1_000);
    expect(csms.actions).toHaveLength(3);
  });

  test("bootNow while Pending boots at once instead of after the interval (TriggerMessage, §15)", async () => {
    let answer = bootAnswer("Pending", 600);
    const { clock, csms, registration } = station(() => answer);
    csms.connect();
    await clock.advanceAsync(10_000);
    answer = bootAnswer("Accepted", 300);
    registration.bootNow();
    await clock.advanceAsync(0);
    expect(csms.actions).toEqual(["BootNotification", "BootNotification"]);
    expect(registration.status).toBe("Accepted");
    await clock.advanceAsync(600_000);
    expect(csms.actions.filter((action) => action === "BootNotification")).toHaveLength(2);
  });

  test("bootNow while a BootNotification is in flight: another follows a Pending answer at once", async () => {
    let answered: (outcome: CallOutcome<unknown>) => void = () => {};
    const { clock, csms, registration } = station();
    csms.respond = () => new Promise((resolve) => (answered = resolve));
    csms.connect();
    await clock.advanceAsync(0);
    registration.bootNow();
    await clock.advanceAsync(0);
    expect(csms.actions).toEqual(["BootNotification"]);
    answered(bootAnswer("Pending", 300));
    await clock.advanceAsync(0);
    expect(csms.actions).toEqual(["BootNotification", "BootNotification"]);
    answered(bootAnswer("Pending", 300));
    await clock.advanceAsync(299_000);
    expect(csms.actions).toEqual(["BootNotification", "BootNotification"]);
  });

  test("bootNow while a BootNotification is in flight: an Accepted or Rejected answer is the last", async () => {
    for (const status of ["Accepted", "Rejected"] as const) {
      let answered: (outcome: CallOutcome<unknown>) => void = () => {};
      const { clock, csms, registration } = station();
      csms.respond = () => new Promise((resolve) => (answered = resolve));
      csms.connect();
      await clock.advanceAsync(0);
      registration.bootNow();
      answered(bootAnswer(status, 300, "2026-01-01T00:00:00.000Z"));
      await clock.advanceAsync(299_000);
      expect(csms.actions.filter((action) => action === "BootNotification")).toHaveLength(1);
      expect(registration.status).toBe(status);
    }
  });

  test("a link lost during the boot boots again on the next connection", async () => {
    const { clock, csms, registration } = station(() => ({ kind: "offline" }));
    csms.connect();
    await clock.advanceAsync(0);
    expect(registration.status).toBe("Unknown");
    csms.respond = () => bootAnswer("Accepted", 300);
    csms.connect();
    await clock.advanceAsync(0);
    expect(registration.status).toBe("Accepted");
  });
});

describe("Heartbeat", () => {
  test("is sent after HeartbeatInterval of silence once accepted, and not before", async () => {
    const { clock, csms } = station(() => bootAnswer("Accepted", 60, "2026-01-01T00:00:00.000Z"));
    csms.connect();
    await clock.advanceAsync(59_000);
    expect(csms.actions).toEqual(["BootNotification"]);
    await clock.advanceAsync(1_000);
    expect(csms.actions).toEqual(["BootNotification", "Heartbeat"]);
    await clock.advanceAsync(60_000);
    expect(csms.actions).toEqual(["BootNotification", "Heartbeat", "Heartbeat"]);
  });

  test("is skipped while other messages keep the link busy", async () => {
    const { clock, csms, tracked } = station(() => bootAnswer("Accepted", 60, "2026-01-01T00:00:00.000Z"));
    csms.connect();
    await clock.advanceAsync(40_000);
    await tracked.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Available" });
    await clock.advanceAsync(40_000);
    expect(csms.actions).toEqual(["BootNotification", "StatusNotification"]);
    await clock.advanceAsync(20_000);
    expect(csms.actions).toEqual(["BootNotification", "StatusNotification", "Heartbeat"]);
  });

  test("beatNow sends one at once and the planned one counts its silence from it (TriggerMessage, §15)", async () => {
    const { clock, csms, heartbeat } = station(() => bootAnswer("Accepted", 60, "2026-01-01T00:00:00.000Z"));
    csms.connect();
    await clock.advanceAsync(30_000);
    expect(await heartbeat.beatNow()).toBe("ok");
    expect(csms.actions).toEqual(["BootNotification", "Heartbeat"]);
    await clock.advanceAsync(59_000);
    expect(csms.actions).toEqual(["BootNotification", "Heartbeat"]);
    await clock.advanceAsync(1_000);
    expect(csms.actions).toEqual(["BootNotification", "Heartbeat", "Heartbeat"]);
  });

  test("beatNow also while Pending sets the clock, and says when it could not be sent", async () => {
    const { clock, csms, heartbeat } = station(() => bootAnswer("Pending", 60));
    csms.connect();
    await clock.advanceAsync(0);
    const fallback = csms.respond;
    csms.respond = (action, payload) => (action === "Heartbeat" ? { kind: "ok", payload: { currentTime: "2026-07-01T08:00:00.000Z" } } : fallback(action, payload));
    expect(await heartbeat.beatNow()).toBe("ok");
    expect(clock.now().toISOString()).toBe("2026-07-01T08:00:00.000Z");
    csms.disconnect();
    expect(await heartbeat.beatNow()).toBe("offline");
    expect(csms.actions).toEqual(["BootNotification", "Heartbeat"]);
  });

  test("follows a changed HeartbeatInterval at once", async () => {
    const { clock, csms, configuration } = station(() => bootAnswer("Accepted", 600, "2026-01-01T00:00:00.000Z"));
    csms.connect();
    await clock.advanceAsync(10_000);
    expect(configuration.change("HeartbeatInterval", "15")).toBe("Accepted");
    await clock.advanceAsync(5_000);
    expect(csms.actions).toEqual(["BootNotification", "Heartbeat"]);
  });
});
