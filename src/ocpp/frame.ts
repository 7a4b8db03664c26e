/** OCPP-J framing (J§4.1–4.2): `[2,id,action,payload]`, `[3,id,payload]`, `[4,id,code,description,details]`. */

export type Payload = Record<string, unknown>;
export type CallFrame = { kind: "call"; id: string; action: string; payload: Payload };
export type CallResultFrame = { kind: "callResult"; id: string; payload: Payload };
export type CallErrorFrame = { kind: "callError"; id: string; code: string; description: string; details: Payload };
export type Frame = CallFrame | CallResultFrame | CallErrorFrame;

export type InvalidReason = "notJson" | "notArray" | "unknownType" | "badShape";
/** A frame that could not be parsed; `id` is set when a message id could still be read. */
export type InvalidFrame = {
  kind: "invalid";
  reason: InvalidReason;
  detail: string;
  id: string | undefined;
  messageType: number | undefined;
};
export type ParsedFrame = Frame | InvalidFrame;

export const maxMessageIdLength = 36;
const messageTypes = { call: 2, callResult: 3, callError: 4 } as const;

export function parseFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // A truncated or mangled CALL may still show its id; then it can be answered (SPEC-DIGEST §2.3).
    const salvaged = /^\s*\[\s*2\s*,\s*"([^"\\]{1,36})"/.exec(text)?.[1];
    const messageType = salvaged === undefined ? undefined : messageTypes.call;
    return invalid("notJson", `not JSON: ${(error as Error).message}`, salvaged, messageType);
  }
  if (!Array.isArray(json)) return invalid("notArray", "frame is not a JSON array", undefined, undefined);
  const [type, id] = json as unknown[];
  const readableId = typeof id === "string" ? id : undefined;
  const messageType = typeof type === "number" ? type : undefined;
  if (type !== 2 && type !== 3 && type !== 4) {
    return invalid("unknownType", `unknown message type ${JSON.stringify(type)}`, readableId, messageType);
  }
  const shapeError = checkShape(json, type);
  if (shapeError !== undefined) return invalid("badShape", shapeError, readableId, type);
  return toFrame(json, type);
}

function checkShape(json: unknown[], type: 2 | 3 | 4): string | undefined {
  const id = json[1];
  if (typeof id !== "string") return "message id is not a string";
  if (id.length === 0 || id.length > maxMessageIdLength) return `message id must be 1..${maxMessageIdLength} characters`;
  if (type === 2) {
    if (json.length !== 4) return `CALL must have 4 elements, not ${json.length}`;
    if (typeof json[2] !== "string" || json[2] === "") return "CALL action is not a string";
    if (!isObject(json[3])) return "CALL payload is not an object";
  } else if (type === 3) {
    if (json.length !== 3) return `CALLRESULT must have 3 elements, not ${json.length}`;
    if (!isObject(json[2])) return "CALLRESULT payload is not an object";
  } else {
    // Lenient on the optional parts: any CALLERROR with a code is a failure worth reporting.
    if (json.length < 3 || json.length > 5) return `CALLERROR must have 5 elements, not ${json.length}`;
    if (typeof json[2] !== "string") return "CALLERROR code is not a string";
  }
  return undefined;
}

function toFrame(json: unknown[], type: 2 | 3 | 4): Frame {
  const id = json[1] as string;
  if (type === 2) return { kind: "call", id, action: json[2] as string, payload: json[3] as Payload };
  if (type === 3) return { kind: "callResult", id, payload: json[2] as Payload };
  return {
    kind: "callError",
    id,
    code: json[2] as string,
    description: typeof json[3] === "string" ? json[3] : "",
    details: isObject(json[4]) ? json[4] : {},
  };
}

export function serializeFrame(frame: Frame): string {
  switch (frame.kind) {
    case "call":
      return JSON.stringify([messageTypes.call, frame.id, frame.action, frame.payload]);
    case "callResult":
      return `[${messageTypes.callResult},${JSON.stringify(frame.id)},${payloadText(frame.payload)}]`;
    case "callError":
      return JSON.stringify([messageTypes.callError, frame.id, frame.code, frame.description, frame.details]);
  }
}

/** The JSON of frozen payloads (an answer served again and again, e.g. GetConfiguration of every key), encoded once. */
const frozenPayloadTexts = new WeakMap<Payload, string>();

function payloadText(payload: Payload): string {
  if (!Object.isFrozen(payload)) return JSON.stringify(payload);
  let text = frozenPayloadTexts.get(payload);
  if (text === undefined) frozenPayloadTexts.set(payload, (text = JSON.stringify(payload)));
  return text;
}

function invalid(reason: InvalidReason, detail: string, id: string | undefined, messageType: number | undefined): InvalidFrame {
  return { kind: "invalid", reason, detail, id, messageType };
}

function isObject(value: unknown): value is Payload {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
