import { expect, test } from "bun:test";
import * as v from "valibot";
import { callErrorFor } from "../../../src/ocpp/errors.ts";
import { MeterValuesRequest } from "../../../src/messages/meter-values.ts";
import { StartTransactionRequest } from "../../../src/messages/start-transaction.ts";

const start = { connectorId: 1, idTag: "04A2B3C4", meterStart: 0, timestamp: "2024-01-31T12:00:00Z" };
const { idTag: _idTag, ...withoutIdTag } = start;
const meter = { connectorId: 1, meterValue: [{ timestamp: "2024-01-31T12:00:00Z", sampledValue: [{ value: "1" }] }] };

function codeFor(schema: v.GenericSchema, input: unknown): string {
  const result = v.safeParse(schema, input);
  if (result.success) throw new Error("expected the input to be invalid");
  return callErrorFor(result.issues);
}

test.each([
  ["a missing required field", "ProtocolError", withoutIdTag],
  ["an unknown field", "FormationViolation", { ...start, colour: "red" }],
  ["an array as the payload", "FormationViolation", []],
  ["a string where an integer belongs", "TypeConstraintViolation", { ...start, meterStart: "0" }],
  ["an idTag over CiString20", "PropertyConstraintViolation", { ...start, idTag: "X".repeat(21) }],
  ["an impossible timestamp", "PropertyConstraintViolation", { ...start, timestamp: "2024-13-01T00:00:00Z" }],
])("StartTransaction.req with %s is answered with %s", (_, code, input) => {
  expect(codeFor(StartTransactionRequest, input)).toBe(code);
});

test("MeterValues.req with an empty meterValue list is an OccurenceConstraintViolation", () => {
  expect(codeFor(MeterValuesRequest, { ...meter, meterValue: [] })).toBe("OccurenceConstraintViolation");
});

test("MeterValues.req with a measurand outside the enumeration is a PropertyConstraintViolation", () => {
  const sampledValue = [{ value: "1", measurand: "Energy.Active.Import" }];
  expect(codeFor(MeterValuesRequest, { ...meter, meterValue: [{ timestamp: "2024-01-31T12:00:00Z", sampledValue }] })).toBe(
    "PropertyConstraintViolation",
  );
});
