import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Action, centralSystemActions, chargePointActions, isAction, messages } from "../../../src/messages/index.ts";
import { loadOfficialSchemas, officialSchemaDir } from "../../support/ocpp-json-schemas.ts";

const officials = loadOfficialSchemas();
const actions: string[] = Object.keys(messages).sort();
const kebab = (action: string) => action.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();

test("messages has exactly one entry per request/response pair of official schemas", () => {
  const requests = officials.filter((official) => official.direction === "request").map((official) => official.action);
  const responses = officials.filter((official) => official.direction === "response").map((official) => official.action);
  expect(requests.sort()).toEqual(actions);
  expect(responses.sort()).toEqual(actions);
  expect(actions).toHaveLength(39);
});

test("each schema in messages is exported from src/messages/<kebab-action>.ts under the official title", async () => {
  const misplaced: string[] = [];
  for (const official of officials) {
    const module = (await import(`../../../src/messages/${kebab(official.action)}.ts`)) as Record<string, unknown>;
    if (module[official.name] !== messages[official.action as Action][official.direction]) misplaced.push(official.name);
  }
  expect(misplaced).toEqual([]);
});

test("centralSystemActions and chargePointActions together cover every action once, only DataTransfer in both", () => {
  expect(new Set(centralSystemActions).size).toBe(centralSystemActions.length);
  expect(new Set(chargePointActions).size).toBe(chargePointActions.length);
  expect([...new Set<string>([...centralSystemActions, ...chargePointActions])].sort()).toEqual(actions);
  expect(centralSystemActions.filter((action) => chargePointActions.includes(action))).toEqual(["DataTransfer"]);
});

test("the direction of every action is the one in the message catalogue of SPEC-DIGEST §1", () => {
  const digest = readFileSync(join(officialSchemaDir, "..", "SPEC-DIGEST.md"), "utf8");
  const catalogue = [...digest.matchAll(/^\| ([A-Za-z]+) \| (CP→CS|CS→CP|both) \|/gm)];
  expect(catalogue.map(([, action]) => action).sort()).toEqual(actions);
  for (const [, action, direction] of catalogue) {
    const sentBy = { both: [true, true], "CS→CP": [true, false], "CP→CS": [false, true] }[direction as "both"];
    expect([centralSystemActions.includes(action as Action), chargePointActions.includes(action as Action)]).toEqual(sentBy);
  }
});

test("isAction knows the 39 action names, case-sensitively, and nothing inherited", () => {
  expect(actions.every(isAction)).toBe(true);
  expect(isAction("heartbeat")).toBe(false);
  expect(isAction("toString")).toBe(false);
  expect(isAction("StartTransaction.req")).toBe(false);
});
