import * as v from "valibot";

/** The diag questions the running station answers over its control socket. */
export const DiagRequest = v.variant("kind", [
  v.object({ kind: v.picklist(["summary", "config", "queue"]) }),
  v.object({ kind: v.literal("rfid"), timeoutSec: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(600)) }),
  v.object({ kind: v.literal("hw"), connectorId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2))) }),
]);
export type DiagRequest = v.InferOutput<typeof DiagRequest>;

/** The answer to a request on the control socket: a message or data, or why not. */
export type ControlAnswer = { ok: true; message?: string; data?: unknown } | { ok: false; reason: string };

/** Longest queue listing sent over the socket; `pending` still counts them all. */
export const maxListedMessages = 1000;
