import { expect, test } from "bun:test";
import { errorText } from "../../../src/log/logger.ts";

test("errorText follows the chain of causes and does not repeat a cause the message already holds", () => {
  const sqlite = new Error("no such table: connector_state");
  const wrapped = new Error(`database /d/station.db: reading connector availability failed: ${sqlite.message}`, { cause: sqlite });
  expect(errorText(wrapped)).toBe("database /d/station.db: reading connector availability failed: no such table: connector_state");
  expect(errorText(new Error("start-up failed", { cause: wrapped }))).toBe(`start-up failed: ${wrapped.message}`);
  expect(errorText("plain")).toBe("plain");
});
