import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { DateTime, IdToken, OneDecimal, Uri, isDateTime, maxChars } from "../../../src/messages/common.ts";
import { HeartbeatRequest } from "../../../src/messages/heartbeat.ts";
import { MeterValuesRequest } from "../../../src/messages/meter-values.ts";
import { StopTransactionRequest } from "../../../src/messages/stop-transaction.ts";

const accepts = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

describe("DateTime", () => {
  test("accepts RFC 3339 timestamps with fractional seconds and any UTC offset", () => {
    for (const text of ["2024-01-31T12:00:00Z", "2024-01-31T12:00:00.123456+05:30", "2024-02-29T00:00:00-12:00"]) {
      expect(accepts(DateTime, text)).toBe(true);
    }
  });

  test("rejects impossible dates and times, a missing time zone and free text", () => {
    const bad = ["2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T25:00:00Z"];
    for (const text of [...bad, "2024-01-31T12:00:00", "2024-01-31", "yesterday", ""]) {
      expect(accepts(DateTime, text)).toBe(false);
    }
  });

  test("accepts a leap second only at 23:59:60 UTC", () => {
    expect(isDateTime("2016-12-31T23:59:60Z")).toBe(true);
    expect(isDateTime("2017-01-01T05:29:60+05:30")).toBe(true);
    expect(isDateTime("2016-12-31T23:59:60+01:00")).toBe(false);
    expect(isDateTime("2016-12-31T12:00:60Z")).toBe(false);
  });

  test("rejects a non-string", () => {
    expect(accepts(DateTime, new Date())).toBe(false);
    expect(accepts(DateTime, 1706702400)).toBe(false);
  });
});

test("string limits count code points, so an emoji counts once, as JSON Schema maxLength does", () => {
  expect(accepts(IdToken, "😀".repeat(20))).toBe(true);
  expect(accepts(IdToken, "😀".repeat(21))).toBe(false);
  expect(accepts(maxChars(3), "abc")).toBe(true);
  expect(accepts(maxChars(3), "abcd")).toBe(false);
});

test("OneDecimal accepts limits with one fraction digit despite binary floating point, and no finer ones", () => {
  for (const value of [21.4, 0.3, 11040.5, -7.7, 16, 1e300]) expect(accepts(OneDecimal, value)).toBe(true);
  for (const value of [21.45, 0.01, 6.66]) expect(accepts(OneDecimal, value)).toBe(false);
});

test("Uri requires an absolute URI with a scheme", () => {
  expect(accepts(Uri, "ftp://user:secret@diag.example.com:2121/upload/")).toBe(true);
  expect(accepts(Uri, "//diag.example.com/upload/")).toBe(false);
  expect(accepts(Uri, "diag.example.com")).toBe(false);
});

test("a payload must be a JSON object even where no field is required", () => {
  expect(accepts(HeartbeatRequest, {})).toBe(true);
  expect(accepts(HeartbeatRequest, [])).toBe(false);
  expect(accepts(HeartbeatRequest, null)).toBe(false);
  expect(accepts(HeartbeatRequest, { extra: 1 })).toBe(false);
});

test("MeterValues needs at least one sampled value per meter value; StopTransaction's transactionData does not", () => {
  const meterValue = { timestamp: "2024-01-31T12:00:00Z", sampledValue: [] };
  expect(accepts(MeterValuesRequest, { connectorId: 1, meterValue: [meterValue] })).toBe(false);
  const stop = { transactionId: 7, meterStop: 1200, timestamp: "2024-01-31T12:00:00Z", transactionData: [meterValue] };
  expect(accepts(StopTransactionRequest, stop)).toBe(true);
});

test("unit Hertz is accepted in MeterValues only, as in the schema files", () => {
  const sampled = { value: "50.0", measurand: "Frequency", unit: "Hertz" };
  const timestamp = "2024-01-31T12:00:00Z";
  expect(accepts(MeterValuesRequest, { connectorId: 0, meterValue: [{ timestamp, sampledValue: [sampled] }] })).toBe(true);
  const stop = { transactionId: 7, meterStop: 1200, timestamp, transactionData: [{ timestamp, sampledValue: [sampled] }] };
  expect(accepts(StopTransactionRequest, stop)).toBe(false);
});
