import * as v from "valibot";
import { ChargePointErrorCode } from "../src/messages/status-notification.ts";

/** The `sim` actions of LAB-INTERFACE.md, parsed. */
export type SimAction =
  | { action: "plug" | "unplug" | "ev-suspend" | "ev-resume" | "clear-fault"; connectorId: number }
  | { action: "fault"; connectorId: number; errorCode: ChargePointErrorCode }
  | { action: "swipe"; idTag: string };

/** A bad call is an answer, not an exception: the sim command prints `reason` and exits non-zero. */
export type SimResult = { ok: true; message: string } | { ok: false; reason: string };

/** The `sim` actions of LAB-INTERFACE.md; only the virtual board has them. */
export interface Simulation {
  /** Settles once the action has taken effect (a swipe: once the station's reader has read the card). */
  apply(action: SimAction): Promise<SimResult>;
}

const connectorActions = ["plug", "unplug", "ev-suspend", "ev-resume", "clear-fault"] as const;
const usage = "plug|unplug|ev-suspend|ev-resume <connectorId>, fault <connectorId> [errorCode], clear-fault <connectorId>, swipe <idTag>";

/** Parses `sim <action> [arguments]` as typed on the command line. */
export function parseSimAction(args: readonly string[]): { ok: true; action: SimAction } | { ok: false; reason: string } {
  const [name, ...rest] = args;
  if (name === undefined) return { ok: false, reason: `no action given; actions: ${usage}` };
  if (name === "swipe") {
    if (rest.length !== 1 || !rest[0]) return { ok: false, reason: "swipe takes one argument: the idTag" };
    return { ok: true, action: { action: "swipe", idTag: rest[0] } };
  }
  const maxArgs = name === "fault" ? 2 : 1;
  const isConnectorAction = (connectorActions as readonly string[]).includes(name);
  if (!isConnectorAction && name !== "fault") return { ok: false, reason: `unknown action ${JSON.stringify(name)}; actions: ${usage}` };
  if (rest.length < 1 || rest.length > maxArgs) return { ok: false, reason: `${name} takes ${name === "fault" ? "a connectorId and an optional errorCode" : "one argument: the connectorId"}` };
  const connectorId = parseConnectorId(rest[0]!);
  if (connectorId === null) return { ok: false, reason: `connectorId must be a whole number, got ${JSON.stringify(rest[0])}` };
  if (name !== "fault") return { ok: true, action: { action: name as (typeof connectorActions)[number], connectorId } };
  const errorCode = rest[1] ?? "OtherError";
  if (!v.is(ChargePointErrorCode, errorCode) || errorCode === "NoError") {
    return { ok: false, reason: `unknown errorCode ${JSON.stringify(errorCode)}; use an OCPP ChargePointErrorCode other than NoError` };
  }
  return { ok: true, action: { action: "fault", connectorId, errorCode } };
}

function parseConnectorId(text: string): number | null {
  return /^\d{1,3}$/.test(text) ? Number(text) : null;
}
