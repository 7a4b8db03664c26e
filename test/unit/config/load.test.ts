import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultConfiguration, writeDefaultConfiguration } from "../../../src/cli/config-init.ts";
import { ConfigError, loadConfig } from "../../../src/config/load.ts";
import { tempDir, writeStationConfig } from "../../support/temp-dir.ts";

function problemsOf(file: string): string[] {
  try {
    loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  test("accepts the LAB-INTERFACE example and fills in defaults", () => {
    const dir = tempDir();
    const file = writeStationConfig(dir, { ocpp: { HeartbeatInterval: 270, MeterValuesSampledData: "Energy.Active.Import.Register" } });
    const { config, ignoredFields } = loadConfig(file);
    expect(config.centralSystem.securityProfile).toBe(0);
    expect(config.log.level).toBe("info");
    expect(config.ocpp.HeartbeatInterval).toBe(270);
    expect(ignoredFields).toEqual([]);
  });

  test("takes relative paths from the configuration file's folder", () => {
    const dir = tempDir();
    const file = writeStationConfig(dir, { dataDir: "state" });
    expect(loadConfig(file).config.dataDir).toBe(join(dir, "state"));
  });

  test("ignores // comment keys anywhere and reports unknown top-level fields", () => {
    const dir = tempDir();
    const file = writeStationConfig(dir, {
      "//": "comment",
      hardware: { board: "virtual", "// board": "comment" },
      siteName: "depot",
    });
    expect(loadConfig(file).ignoredFields).toEqual(["siteName"]);
  });

  test("reports a missing required field with file and path", () => {
    const dir = tempDir();
    const file = join(dir, "station.json");
    writeFileSync(file, JSON.stringify({ centralSystem: { url: "ws://h/ocpp" }, dataDir: "d", hardware: { board: "virtual" } }));
    expect(problemsOf(file)).toEqual([`${file}: chargePointId: is required`]);
  });

  test("reports a wrong type", () => {
    const file = writeStationConfig(tempDir(), { dataDir: 5 });
    expect(problemsOf(file)).toEqual([`${file}: dataDir: must be string, got 5`]);
  });

  test("reports a URL that is not ws:// or wss://", () => {
    const file = writeStationConfig(tempDir(), { centralSystem: { url: "http://csms.example.com/ocpp" } });
    expect(problemsOf(file)).toEqual([`${file}: centralSystem.url: must start with ws:// or wss://`]);
  });

  test("reports text that is not a URL at all", () => {
    const file = writeStationConfig(tempDir(), { centralSystem: { url: "csms on port 9000" } });
    expect(problemsOf(file)[0]).toContain("centralSystem.url: must be a URL");
  });

  test("reports an unknown board", () => {
    const file = writeStationConfig(tempDir(), { hardware: { board: "arduino" } });
    expect(problemsOf(file)).toEqual([`${file}: hardware.board: unknown board "arduino": must be "virtual" or "firmata"`]);
  });

  test("reports every problem on its own line", () => {
    const file = writeStationConfig(tempDir(), {
      chargePointId: "has space",
      centralSystem: { url: "ws://h/ocpp", securityProfile: 7, extra: true },
      log: { level: "loud" },
    });
    const problems = problemsOf(file);
    expect(problems).toHaveLength(4);
    expect(problems.map((line) => line.split(": ")[1])).toEqual([
      "chargePointId",
      "centralSystem.securityProfile",
      "centralSystem.extra",
      "log.level",
    ]);
  });

  test("requires the files a security profile needs", () => {
    const file = writeStationConfig(tempDir(), { centralSystem: { url: "wss://h/ocpp", securityProfile: 3 } });
    expect(problemsOf(file)).toEqual([
      `${file}: centralSystem.caFile: is required for security profiles 2 and 3`,
      `${file}: centralSystem.certFile: is required for security profile 3`,
      `${file}: centralSystem.keyFile: is required for security profile 3`,
    ]);
  });

  test("rejects an AuthorizationKey that is not 16-20 bytes of hex", () => {
    const file = writeStationConfig(tempDir(), { centralSystem: { url: "ws://h/ocpp", securityProfile: 1, authorizationKey: "secret" } });
    expect(problemsOf(file)).toEqual([`${file}: centralSystem.authorizationKey: must be 32-40 hex digits (16-20 bytes)`]);
  });

  test("reports invalid JSON", () => {
    const file = join(tempDir(), "station.json");
    writeFileSync(file, '{ "chargePointId": ');
    expect(problemsOf(file)[0]).toStartWith(`${file}: (root): invalid JSON`);
  });

  test("reports JSON that is not an object", () => {
    const file = join(tempDir(), "station.json");
    writeFileSync(file, "[1, 2]");
    expect(problemsOf(file)).toEqual([`${file}: (root): must be a JSON object`]);
  });

  test("reports a file that cannot be read", () => {
    const dir = tempDir();
    expect(problemsOf(join(dir, "missing.json"))).toEqual([`${join(dir, "missing.json")}: cannot read the configuration file: file not found`]);
    mkdirSync(join(dir, "folder.json"));
    expect(problemsOf(join(dir, "folder.json"))[0]).toEndWith("is a directory");
  });
});

describe("config init", () => {
  test("writes a default CSC-22B7 configuration that passes validation", () => {
    const dir = tempDir();
    const file = writeDefaultConfiguration(join(dir, "etc", "station.json"), { dataDir: "/var/lib/csc22b7", force: false });
    const { config, ignoredFields } = loadConfig(file);
    expect(config.hardware.board).toBe("virtual");
    expect(config.dataDir).toBe("/var/lib/csc22b7");
    expect(ignoredFields).toEqual([]);
  });

  test("refuses to overwrite an existing file without force", () => {
    const dir = tempDir();
    const file = join(dir, "station.json");
    writeFileSync(file, "{}");
    expect(() => writeDefaultConfiguration(file, { dataDir: "data", force: false })).toThrow("already exists");
    writeDefaultConfiguration(file, { dataDir: "data", force: true });
    expect(loadConfig(file).config.chargePointId).toBe(defaultConfiguration("data").chargePointId);
  });
});

describe("the ocpp section", () => {
  test("is checked against the key table and kept in wire form", () => {
    const file = writeStationConfig(tempDir(), { ocpp: { HeartbeatInterval: 60, LocalPreAuthorize: "TRUE", meterValuesSampledData: "Energy.Active.Import.Register, Power.Active.Import" } });
    expect(loadConfig(file).ocppOverrides).toEqual({
      HeartbeatInterval: "60",
      LocalPreAuthorize: "true",
      MeterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import",
    });
  });

  test("reports unknown keys, bad values and keys the firmware fixes, one line each", () => {
    const file = writeStationConfig(tempDir(), {
      ocpp: { HeartbeatIntervall: 60, MeterValueSampleInterval: -5, MeterValuesSampledData: "SoC", NumberOfConnectors: 4 },
    });
    expect(problemsOf(file)).toEqual([
      `${file}: ocpp.HeartbeatIntervall: is not a configuration key of this firmware`,
      `${file}: ocpp.MeterValueSampleInterval: must be from 0 to 86400`,
      `${file}: ocpp.MeterValuesSampledData: "SoC" is not supported`,
      `${file}: ocpp.NumberOfConnectors: is fixed by the firmware and cannot be configured`,
    ]);
  });
});

describe("security files", () => {
  test("must be readable, named with their field", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    const file = writeStationConfig(dir, { centralSystem: { url: "wss://h/ocpp", securityProfile: 3, caFile: "ca.pem", certFile: "cp.pem", keyFile: "cp.key" } });
    expect(problemsOf(file)).toEqual([
      `${file}: centralSystem.certFile: cannot read ${join(dir, "cp.pem")}: file not found`,
      `${file}: centralSystem.keyFile: cannot read ${join(dir, "cp.key")}: file not found`,
    ]);
  });
});
