import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { OcppError, callErrorCodes, callErrorFor, describeIssues } from "../../../src/ocpp/errors.ts";

const Schema = v.strictObject({
  idTag: v.pipe(v.string(), v.maxLength(20)),
  connectorId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  type: v.picklist(["Hard", "Soft"]),
  keys: v.optional(v.pipe(v.array(v.string()), v.minLength(1), v.maxLength(2))),
  profile: v.optional(v.strictObject({ stackLevel: v.number() })),
});
const valid = { idTag: "AB", connectorId: 1, type: "Soft" };

function codeFor(input: unknown) {
  const result = v.safeParse(Schema, input);
  if (result.success) throw new Error("expected the input to be invalid");
  return callErrorFor(result.issues);
}

describe("callErrorFor", () => {
  test.each([
    ["a missing required field", { connectorId: 1, type: "Soft" }, "ProtocolError"],
    ["a missing field in a nested object", { ...valid, profile: {} }, "ProtocolError"],
    ["an unknown extra field", { ...valid, color: "red" }, "FormationViolation"],
    ["a payload that is not an object", "Soft", "FormationViolation"],
    ["a string where a number belongs", { ...valid, connectorId: "1" }, "TypeConstraintViolation"],
    ["a string where an object belongs", { ...valid, profile: "x" }, "TypeConstraintViolation"],
    ["a value outside an enumeration", { ...valid, type: "Medium" }, "PropertyConstraintViolation"],
    ["a number where an enumeration string belongs", { ...valid, type: 2 }, "TypeConstraintViolation"],
    ["a string over its maximum length", { ...valid, idTag: "x".repeat(21) }, "PropertyConstraintViolation"],
    ["a number below its minimum", { ...valid, connectorId: -1 }, "PropertyConstraintViolation"],
    ["a fraction where an integer belongs", { ...valid, connectorId: 1.5 }, "TypeConstraintViolation"],
    ["an array with too few items", { ...valid, keys: [] }, "OccurenceConstraintViolation"],
    ["an array with too many items", { ...valid, keys: ["a", "b", "c"] }, "OccurenceConstraintViolation"],
  ])("maps %s to its CALLERROR code", (_, input, code) => {
    expect(codeFor(input)).toBe(code as (typeof callErrorCodes)[number]);
  });

  test("maps no issue at all to GenericError", () => {
    expect(callErrorFor([])).toBe("GenericError");
  });

  test("keeps the OCPP 1.6 spellings of the codes", () => {
    expect(callErrorCodes).toContain("FormationViolation");
    expect(callErrorCodes).toContain("OccurenceConstraintViolation");
    expect(callErrorCodes).not.toContain("FormatViolation" as never);
    expect(callErrorCodes).toHaveLength(10);
  });
});

describe("describeIssues", () => {
  test("names each bad field by its path", () => {
    const result = v.safeParse(Schema, { ...valid, idTag: 5, profile: { stackLevel: "x" } });
    if (result.success) throw new Error("expected issues");
    expect(describeIssues(result.issues)).toMatch(/^idTag: .*; profile\.stackLevel: /);
  });
});

test("an OcppError carries its code and details", () => {
  const error = new OcppError("SecurityError", "not now", { reason: "x" });
  expect(error).toBeInstanceOf(Error);
  expect([error.code, error.message, error.details]).toEqual(["SecurityError", "not now", { reason: "x" }]);
});
