import * as v from "valibot";
import type { Handler } from "../../src/ocpp/dispatcher.ts";
import { createLogger, type Logger } from "../../src/log/logger.ts";

/** A few hand-written messages, so OCPP-layer tests do not depend on the real schemas. */
export const testCatalog = {
  Heartbeat: { request: v.strictObject({}), response: v.strictObject({ currentTime: v.string() }) },
  Echo: {
    request: v.strictObject({ seq: v.pipe(v.number(), v.integer()), note: v.optional(v.pipe(v.string(), v.maxLength(10))) }),
    response: v.strictObject({ seq: v.pipe(v.number(), v.integer()) }),
  },
  Reset: {
    request: v.strictObject({ type: v.picklist(["Hard", "Soft"]) }),
    response: v.strictObject({ status: v.picklist(["Accepted", "Rejected"]) }),
  },
  GetConfiguration: {
    request: v.strictObject({ key: v.optional(v.pipe(v.array(v.string()), v.maxLength(2))) }),
    response: v.strictObject({ configurationKey: v.optional(v.array(v.strictObject({ key: v.string(), readonly: v.boolean() }))) }),
  },
  ReserveNow: {
    request: v.strictObject({ connectorId: v.pipe(v.number(), v.integer()) }),
    response: v.strictObject({ status: v.picklist(["Accepted", "Rejected"]) }),
  },
} as const;

export const resetHandler: Handler<{ type: "Hard" | "Soft" }, { status: "Accepted" | "Rejected" }, { canReset: boolean }> = {
  action: "Reset",
  request: testCatalog.Reset.request,
  handle: (req, ctx) => ({ status: ctx.canReset && req.type === "Soft" ? "Accepted" : "Rejected" }),
};

export const getConfigurationHandler: Handler<{ key?: string[] }, unknown> = {
  action: "GetConfiguration",
  request: testCatalog.GetConfiguration.request,
  handle: (req) => ({ configurationKey: (req.key ?? []).map((key) => ({ key, readonly: false })) }),
};

/** A logger whose lines the test can read. */
export function recordingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger("test", { level: "debug", sink: (line) => lines.push(line) }), lines };
}
