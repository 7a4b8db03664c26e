/** The messages a case expects from the station, and the OCTT ordering rule (TEST-CASES.md §1). */
import type { ReceivedCall } from "../support/test-csms.ts";

/** One expected message: what it is called in a failure message, and how to recognise it. */
export type Expected = { what: string; matches(call: ReceivedCall): boolean };

/** A CALL from the station with `action` whose payload contains `payload` (deep partial match). */
export function call(action: string, payload?: Record<string, unknown>): Expected {
  return {
    what: payload ? `${action} ${JSON.stringify(payload)}` : action,
    matches: (c) => c.action === action && (payload === undefined || contains(c.payload, payload)),
  };
}

/** StatusNotification for a connector with the status (and any further fields given). */
export function status(connectorId: number, value: string, fields: Record<string, unknown> = {}): Expected {
  return call("StatusNotification", { connectorId, status: value, ...fields });
}

/** Any StatusNotification for the connector. */
export function statusOf(connectorId: number): Expected {
  return call("StatusNotification", { connectorId });
}

/** Either of several messages (e.g. "Finishing OR Available"). */
export function oneOf(...options: Expected[]): Expected {
  return { what: options.map((o) => o.what).join(" OR "), matches: (c) => options.some((o) => o.matches(c)) };
}

/**
 * The OCTT ordering rule (§1): each step follows the previous one; a step given as an array is a
 * group whose messages may come in any order among themselves. Other messages may come in between.
 */
export function expectInOrder(calls: readonly ReceivedCall[], steps: readonly (Expected | readonly Expected[])[]): void {
  let position = 0;
  for (const step of steps) {
    const group = Array.isArray(step) ? step : [step as Expected];
    let end = position;
    for (const expected of group) {
      const index = calls.findIndex((c, i) => i >= position && expected.matches(c));
      if (index < 0) {
        const seen = calls.map((c, i) => `${i}: ${c.action} ${JSON.stringify(c.payload)}`).join("\n");
        throw new Error(`expected ${expected.what} after message ${position}; the station sent:\n${seen}`);
      }
      end = Math.max(end, index + 1);
    }
    position = end;
  }
}

/** The messages of `calls` that match, e.g. to assert that none was sent. */
export function matching(calls: readonly ReceivedCall[], expected: Expected): ReceivedCall[] {
  return calls.filter((c) => expected.matches(c));
}

function contains(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== "object") return actual === expected;
  if (actual === null || typeof actual !== "object") return false;
  return Object.entries(expected).every(([key, value]) => contains((actual as Record<string, unknown>)[key], value));
}
