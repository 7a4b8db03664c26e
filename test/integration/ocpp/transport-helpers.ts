import type { LinkEvents } from "../../../src/ocpp/csms-link.ts";
import { type TransportOptions, WsTransport } from "../../../src/ocpp/transport.ts";
import { recordingLogger } from "../../support/ocpp-test-catalog.ts";
import { systemClock } from "../../support/system-clock.ts";

export type RecordedEvent = { [E in keyof LinkEvents]: { event: E } & LinkEvents[E] }[keyof LinkEvents];

const started: WsTransport[] = [];

/** A started transport with test-sized timings; its events and log lines are recorded. */
export function startTransport(url: string, overrides: Partial<TransportOptions> = {}) {
  const { log, lines } = recordingLogger();
  const transport = new WsTransport({
    url,
    chargePointId: "CP-1",
    security: { profile: 0 },
    clock: systemClock,
    log,
    backoff: { minMs: 20, maxMs: 200, stableAfterMs: 10_000 },
    handshakeTimeoutMs: 2_000,
    closeTimeoutMs: 100,
    ...overrides,
  });
  const events: RecordedEvent[] = [];
  transport.on("connecting", (e) => events.push({ event: "connecting", ...e }));
  transport.on("connected", (e) => events.push({ event: "connected", ...e }));
  transport.on("disconnected", (e) => events.push({ event: "disconnected", ...e }));
  const messages: string[] = [];
  transport.onMessage((text) => messages.push(text));
  transport.start();
  started.push(transport);
  const count = (event: RecordedEvent["event"]) => events.filter((e) => e.event === event).length;
  const disconnects = () => events.flatMap((e) => (e.event === "disconnected" ? [e] : []));
  return { transport, events, messages, log, lines, count, disconnects };
}

export async function closeAllTransports(): Promise<void> {
  await Promise.all(started.splice(0).map((transport) => transport.close()));
}
