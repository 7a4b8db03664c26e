import { expect, test } from "bun:test";
import { formatDuration, formatTime, secondsBetween } from "../../../src/diag/durations.ts";

test("durations read as a technician says them", () => {
  expect([0, 42, 60, 719, 3600, 3 * 3600 + 5 * 60, 86_400 + 4 * 3600].map(formatDuration)).toEqual(["0 s", "42 s", "1 min", "11 min", "1 h 00 min", "3 h 05 min", "1 d 4 h"]);
});

test("times drop the milliseconds and ages never go negative", () => {
  expect(formatTime("2025-03-02T14:05:09.123Z")).toBe("2025-03-02 14:05:09Z");
  expect(secondsBetween(new Date("2025-03-02T14:05:09Z"), new Date("2025-03-02T14:04:00Z"))).toBe(0);
});
