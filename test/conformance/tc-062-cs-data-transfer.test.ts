import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

describe("TC_062_CS Data Transfer to a Charge Point", () => {
  test("DataTransfer for a vendor the station does not know is answered UnknownVendorId", async () => {
    const station = await ConformanceStation.start();
    const answer = await station.request("DataTransfer", { vendorId: "com.example.unknown", messageId: "Ping", data: "hello" });
    // Rejected, UnknownMessageId or UnknownVendorId pass; this firmware has no vendor extensions at all.
    expect(answer).toEqual({ status: "UnknownVendorId" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
