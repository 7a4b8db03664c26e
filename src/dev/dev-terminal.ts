/**
 * What a line typed in the `run dev` terminal asks for: an OCPP CALL from the Central System, a
 * `sim` action on the virtual world (LAB-INTERFACE.md's wording), `diag`, or `help`.
 */
import { parseSimAction } from "../../drivers/index.ts";

export type DevCommand =
  | { kind: "call"; action: string; payload: Record<string, unknown> }
  | { kind: "sim"; args: string[] }
  | { kind: "diag"; args: string[] }
  | { kind: "help" }
  | { kind: "nothing" }
  | { kind: "unknown"; hint: string };

/** The `sim` actions of LAB-INTERFACE.md, typed here without the `sim` in front. */
const simActions = new Set(["plug", "unplug", "swipe", "ev-suspend", "ev-resume", "fault", "clear-fault"]);
const seeHelp = "type help for what this terminal takes";

export const devHelp = [
  "dev: what this terminal takes (one per line):",
  "dev:   plug 1 | unplug 1               an EV is connected to / disconnected from connector 1 or 2",
  "dev:   swipe 04A2B3C4                  a card at the reader (any idTag: this Central System accepts all)",
  "dev:   ev-suspend 1 | ev-resume 1      the EV stops / starts asking for energy",
  "dev:   fault 1 [errorCode] | clear-fault 1   a fault on a connector (0: the whole station), and its end",
  'dev:   <Action> <json>                 a CALL from the Central System, e.g. RemoteStartTransaction {"idTag":"04A2B3C4","connectorId":1}',
  "dev:   diag [config|queue|log]         the station's diagnostics (csc22b7 diag)",
  "dev:   help                            this list; Ctrl-C stops the station and the Central System",
];

export function parseDevLine(line: string): DevCommand {
  const text = line.trim();
  if (text === "") return { kind: "nothing" };
  const words = text.split(/\s+/);
  const first = words[0]!;
  if (first === "help" || first === "?") return { kind: "help" };
  if (first === "diag") return parseDiag(words.slice(1));
  if (first === "sim" || simActions.has(first)) return parseSim(first === "sim" ? words.slice(1) : words);
  if (/^[A-Z][A-Za-z]*$/.test(first)) return parseCall(first, text.slice(first.length).trim());
  return { kind: "unknown", hint: `unknown command ${JSON.stringify(first)}: ${seeHelp} (e.g. plug 1, swipe 04A2B3C4, diag)` };
}

function parseSim(args: string[]): DevCommand {
  const parsed = parseSimAction(args);
  return parsed.ok ? { kind: "sim", args } : { kind: "unknown", hint: `${parsed.reason}; ${seeHelp}` };
}

/** Only diag's views: `rfid` and `hw` act on the station, and `log -f` never ends; the shell has them. */
const diagViews = new Set(["summary", "config", "queue", "log"]);

function parseDiag(args: string[]): DevCommand {
  if (args.length > 1 || (args[0] !== undefined && !diagViews.has(args[0]))) {
    return { kind: "unknown", hint: `diag here takes one of ${[...diagViews].join(", ")}; run csc22b7 diag in a shell for the rest` };
  }
  return { kind: "diag", args };
}

function parseCall(action: string, payloadText: string): DevCommand {
  if (payloadText === "") return { kind: "call", action, payload: {} };
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    return { kind: "unknown", hint: `the payload of ${action} is not JSON: ${payloadText}; e.g. ${action} {"connectorId":1}` };
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return { kind: "unknown", hint: `the payload of ${action} must be a JSON object {…}, got ${payloadText}` };
  }
  return { kind: "call", action, payload: payload as Record<string, unknown> };
}
