import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { defaultConfiguration, writeDefaultConfiguration } from "../../../src/cli/config-init.ts";
import { ConfigError, loadConfig, loadStationConfig } from "../../../src/config/load.ts";
import { makeTlsFixtures } from "../../support/tls-fixtures.ts";
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

  test("a missing field of a board is required, not unknown (issue 19)", () => {
    const file = writeStationConfig(tempDir(), { hardware: { board: "firmata" } });
    expect(problemsOf(file)).toEqual([`${file}: hardware.port: is required`]);
    const unknown = writeStationConfig(tempDir(), { hardware: { board: "virtual", bogus: 1 } });
    expect(problemsOf(unknown)).toEqual([`${unknown}: hardware.bogus: is not a known field`]);
  });

  test("a configuration file that is not there says how to write one", () => {
    const file = join(tempDir(), "station.json");
    expect(problemsOf(file)).toEqual([`${file}: cannot read the configuration file: file not found; write one with "csc22b7 config init ${file}", or name another with --config FILE`]);
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
    expect(problemsOf(join(dir, "missing.json"))[0]).toStartWith(`${join(dir, "missing.json")}: cannot read the configuration file: file not found;`);
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
  const tls = makeTlsFixtures();
  const profile3 = (dir: string, files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return writeStationConfig(dir, { centralSystem: { url: "wss://h/ocpp", securityProfile: 3, caFile: "ca.pem", certFile: "cp.pem", keyFile: "cp.key" } });
  };

  test("must be readable, named with their field", () => {
    const dir = tempDir();
    const file = profile3(dir, { "ca.pem": tls.caPem });
    expect(problemsOf(file)).toEqual([
      `${file}: centralSystem.certFile: cannot read ${join(dir, "cp.pem")}: file not found`,
      `${file}: centralSystem.keyFile: cannot read ${join(dir, "cp.key")}: file not found`,
    ]);
  });

  test("are accepted as PEM certificates and a private key that belongs to the certificate", () => {
    const file = profile3(tempDir(), { "ca.pem": tls.caPem + tls.otherCaPem, "cp.pem": tls.clientCertPem + tls.caPem, "cp.key": tls.clientKeyPem });
    expect(loadConfig(file).config.centralSystem.securityProfile).toBe(3);
  });

  test("that are not PEM of the right kind are refused at load, each on its own line", () => {
    const dir = tempDir();
    const file = writeStationConfig(dir, { centralSystem: { url: "wss://h/ocpp", securityProfile: 3, caFile: "/etc/passwd", certFile: "cp.key", keyFile: "cp.pem" } });
    writeFileSync(join(dir, "cp.pem"), tls.clientCertPem);
    writeFileSync(join(dir, "cp.key"), tls.clientKeyPem);
    expect(problemsOf(file)).toEqual([
      `${file}: centralSystem.caFile: /etc/passwd is not a PEM certificate file: it holds no "-----BEGIN CERTIFICATE-----" block`,
      `${file}: centralSystem.certFile: ${join(dir, "cp.key")} is not a PEM certificate file: it holds no "-----BEGIN CERTIFICATE-----" block`,
      `${file}: centralSystem.keyFile: ${join(dir, "cp.pem")} is not a PEM private key file: it holds no "-----BEGIN PRIVATE KEY-----" block`,
    ]);
  });

  test("a damaged certificate, an encrypted key and a key of another certificate are refused", () => {
    const dir = tempDir();
    const encrypted = Bun.spawnSync(["openssl", "pkey", "-aes256", "-passout", "pass:x"], { stdin: Buffer.from(tls.clientKeyPem) }).stdout.toString();
    const damaged = "-----BEGIN CERTIFICATE-----\nMIIBnotacertificate\n-----END CERTIFICATE-----\n";
    const file = profile3(dir, { "ca.pem": tls.caPem + damaged, "cp.pem": tls.clientCertPem, "cp.key": encrypted });
    const problems = problemsOf(file);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toStartWith(`${file}: centralSystem.caFile: certificate 2 in ${join(dir, "ca.pem")} cannot be read: `);
    expect(problems[1]).toBe(`${file}: centralSystem.keyFile: the private key in ${join(dir, "cp.key")} is encrypted; the station needs it without a passphrase`);
    writeFileSync(join(dir, "cp.key"), tls.serverKeyPem);
    writeFileSync(join(dir, "ca.pem"), tls.caPem);
    expect(problemsOf(file)).toEqual([
      `${file}: centralSystem.keyFile: the private key in ${join(dir, "cp.key")} does not belong to the certificate in ${join(dir, "cp.pem")}`,
    ]);
  });

  test("a device or a huge file is not read", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "big.pem"), Buffer.alloc(2 * 1024 * 1024));
    const file = writeStationConfig(dir, { centralSystem: { url: "wss://h/ocpp", securityProfile: 2, authorizationKey: "00".repeat(16), caFile: "/dev/zero" } });
    expect(problemsOf(file)).toEqual([`${file}: centralSystem.caFile: /dev/zero is not a regular file`]);
    const big = writeStationConfig(dir, { centralSystem: { url: "wss://h/ocpp", securityProfile: 2, authorizationKey: "00".repeat(16), caFile: "big.pem" } });
    expect(problemsOf(big)).toEqual([`${big}: centralSystem.caFile: ${join(dir, "big.pem")} is larger than 1024 kB: not a PEM file`]);
  });
});

describe("problems the station would only meet later", () => {
  test("security profiles 2 and 3 with a ws:// URL are refused, not upgraded to wss://", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ca.pem"), makeTlsFixtures().caPem);
    const file = writeStationConfig(dir, { centralSystem: { url: "ws://h/ocpp", securityProfile: 2, authorizationKey: "00".repeat(16), caFile: "ca.pem" } });
    expect(problemsOf(file)).toEqual([`${file}: centralSystem.url: security profiles 2 and 3 need TLS: use wss://`]);
  });

  test("invalid JSON says at which line and column", () => {
    const file = join(tempDir(), "station.json");
    writeFileSync(file, '{\n  "chargePointId": "A",\n  "dataDir": tru\n}\n');
    expect(problemsOf(file)).toEqual([`${file}: (root): invalid JSON at line 3, column 14: JSON Parse error: Unexpected identifier "tru"`]);
  });

  test("a configuration nested 100,000 deep is one problem, not a crash", () => {
    const file = join(tempDir(), "station.json");
    const valid = readFileSync(writeStationConfig(dirname(file)), "utf8").trimEnd().slice(0, -1);
    writeFileSync(file, `${valid}, "deep": ${"[".repeat(100_000)}${"]".repeat(100_000)} }`);
    expect(problemsOf(file)).toEqual([`${file}: deep: is nested more than 100 levels deep`]);
  });

  test("errors in the ocpp section come with the others, all at once", () => {
    const file = writeStationConfig(tempDir(), { chargePointId: "has space", ocpp: { HeartbeatIntervall: 60, MeterValueSampleInterval: [5] } });
    expect(problemsOf(file)).toEqual([
      `${file}: chargePointId: must be 1-48 characters of A-Z a-z 0-9 * - _ = + | @ .`,
      `${file}: ocpp.MeterValueSampleInterval: must be a string, number or boolean`,
      `${file}: ocpp.HeartbeatIntervall: is not a configuration key of this firmware`,
    ]);
  });
});

describe("loadStationConfig: the dataDir must be usable", () => {
  test("a dataDir that is a file, or lies below one, is refused", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "data"), "");
    const file = writeStationConfig(dir, { dataDir: "data" });
    expect(loadConfig(file).config.dataDir).toBe(join(dir, "data"));
    expect(stationProblemsOf(file)).toEqual([`${file}: dataDir: ${join(dir, "data")} is a file, not a directory`]);
    const below = writeStationConfig(dir, { dataDir: "data/state" });
    expect(stationProblemsOf(below)).toEqual([`${below}: dataDir: ${join(dir, "data", "state")} cannot be created: ${join(dir, "data")} is a file, not a directory`]);
  });

  test("a missing dataDir is fine: the station creates it", () => {
    const file = writeStationConfig(tempDir(), { dataDir: "new/state" });
    expect(loadStationConfig(file).config.dataDir).toEndWith("new/state");
  });
});

function stationProblemsOf(file: string): string[] {
  try {
    loadStationConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
