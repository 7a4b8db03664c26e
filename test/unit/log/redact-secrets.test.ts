import { describe, expect, test } from "bun:test";
import { createLogger } from "../../../src/log/logger.ts";
import { hideSecretFields, redactSecretFields, redactSecrets } from "../../../src/log/redact-secrets.ts";

const key = "F00DFACECAFEBEEF0123456789ABCDEF42424242";
const pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5Bp7UTIZ9tbO7oAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n";

describe("redactSecrets", () => {
  test("hides the value of a ChangeConfiguration(AuthorizationKey) frame and keeps the rest", () => {
    const frame = JSON.stringify([2, "42", "ChangeConfiguration", { key: "AuthorizationKey", value: key }]);
    expect(redactSecrets(frame)).toBe('[2,"42","ChangeConfiguration",{"key":"AuthorizationKey","value":"(hidden)"}]');
  });

  test("matches the key name in any case, and also when the Central System spells it with \\u escapes", () => {
    expect(redactSecrets(`[2,"1","ChangeConfiguration",{"value":"${key}","key":"authorizationkey"}]`)).not.toContain(key);
    expect(redactSecrets(`[2,"1","ChangeConfiguration",{"key":"Authorization\\u004bey","value":"\\u0046${key.slice(1)}"}]`)).not.toContain(key.slice(1));
  });

  test("leaves other frames exactly as they are", () => {
    const frames = [
      JSON.stringify([2, "1", "ChangeConfiguration", { key: "HeartbeatInterval", value: "60" }]),
      JSON.stringify([3, "1", { configurationKey: [{ key: "AuthorizationKeyLength", readonly: true, value: "x" }] }]),
      '[2, "1", "Heartbeat", {}]',
    ];
    for (const frame of frames) expect(redactSecrets(frame)).toBe(frame);
  });

  test("hides a GetConfiguration answer's secret value, should one ever carry it", () => {
    const answer = JSON.stringify([3, "1", { configurationKey: [{ key: "AuthorizationKey", readonly: false, value: key }, { key: "HeartbeatInterval", readonly: false, value: "60" }] }]);
    expect(redactSecrets(answer)).toBe('[3,"1",{"configurationKey":[{"key":"AuthorizationKey","readonly":false,"value":"(hidden)"},{"key":"HeartbeatInterval","readonly":false,"value":"60"}]}]');
  });

  test("hides PEM private-key blocks in frames and in any text, certificates stay", () => {
    const certificate = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";
    const frame = JSON.stringify([2, "1", "DataTransfer", { vendorId: "x", data: certificate + pem }]);
    expect(redactSecrets(frame)).toBe(JSON.stringify([2, "1", "DataTransfer", { vendorId: "x", data: `${certificate}-----BEGIN EC PRIVATE KEY-----(hidden)-----END EC PRIVATE KEY-----\n` }]));
    expect(redactSecrets(`loaded ${pem}`)).toBe("loaded -----BEGIN EC PRIVATE KEY-----(hidden)-----END EC PRIVATE KEY-----\n");
    expect(redactSecrets(`cut off: ${pem.slice(0, 60)}`)).toBe("cut off: -----BEGIN EC PRIVATE KEY-----(hidden)-----END EC PRIVATE KEY-----");
  });

  test("hides the value in text that is not JSON: a broken frame or a line an older firmware logged", () => {
    expect(redactSecrets(`[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"${key}"`)).not.toContain(key);
    const oldLine = `2025-01-01T00:00:00.000Z DEBUG link: frame received frame="[2,\\"1\\",\\"ChangeConfiguration\\",{\\"key\\":\\"AuthorizationKey\\",\\"value\\":\\"${key}\\"}]"`;
    expect(redactSecrets(oldLine)).toBe(oldLine.replace(key, "(hidden)"));
    expect(redactSecrets(`WARN station: stored configuration value ignored key=AuthorizationKey value=${key} reason=x`)).not.toContain(key);
  });

  test("hides the user:password@ of a URL (a file transfer location) in frames and in any text; other URLs and addresses stay", () => {
    const frame = `[2,"7","UpdateFirmware",{"location":"ftp://station:TopSecret123@10.0.0.5:21/fw/csc22b7","retrieveDate":"2026-01-01T00:00:00Z"}]`;
    expect(redactSecrets(frame)).toBe(`[2,"7","UpdateFirmware",{"location":"ftp://(hidden)@10.0.0.5:21/fw/csc22b7","retrieveDate":"2026-01-01T00:00:00Z"}]`);
    expect(redactSecrets("download failed location=https://op@files.example.com/x.bin")).toBe("download failed location=https://(hidden)@files.example.com/x.bin");
    expect(redactSecrets("from https://files.example.com/x.bin, mail ops@example.com")).toBe("from https://files.example.com/x.bin, mail ops@example.com");
  });

  test("walks a frame nested 20,000 deep without overflowing", () => {
    const deep = `[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"${key}","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}]`;
    expect(redactSecrets(deep)).not.toContain(key);
  });
});

describe("every log line", () => {
  test("goes through the redaction: frames, a key=value pair naming the secret, messages and errors", () => {
    const lines: string[] = [];
    const log = createLogger("link", { level: "debug", sink: (line) => lines.push(line), now: () => new Date(0) });
    log.debug("frame received", { frame: JSON.stringify([2, "1", "ChangeConfiguration", { key: "AuthorizationKey", value: key }]) });
    log.warn("stored configuration value ignored", { key: "AuthorizationKey", value: key, reason: "too short" });
    log.error(`cannot load ${pem}`, { error: new Error(`bad key ${pem}`) });
    log.info("a value that is no secret", { key: "HeartbeatInterval", value: "60" });
    expect(lines.join("\n")).not.toContain(key);
    expect(lines.join("\n")).not.toContain("MHcCAQEE");
    expect(lines[0]).toBe('1970-01-01T00:00:00.000Z DEBUG link: frame received frame="[2,\\"1\\",\\"ChangeConfiguration\\",{\\"key\\":\\"AuthorizationKey\\",\\"value\\":\\"(hidden)\\"}]"');
    expect(lines[1]).toBe('1970-01-01T00:00:00.000Z WARN  link: stored configuration value ignored key=AuthorizationKey value=(hidden) reason="too short"');
    expect(lines[3]).toEndWith("key=HeartbeatInterval value=60");
  });
});

describe("hideSecretFields", () => {
  test("shows of station.json's authorizationKey only that it is set", () => {
    const config = { centralSystem: { url: "ws://h", authorizationKey: key }, ocpp: { AuthorizationKey: key, HeartbeatInterval: "60" } };
    expect(JSON.parse(JSON.stringify(config, hideSecretFields))).toEqual({
      centralSystem: { url: "ws://h", authorizationKey: "(set, hidden)" },
      ocpp: { AuthorizationKey: "(set, hidden)", HeartbeatInterval: "60" },
    });
  });
});

describe("private key fields (security profile)", () => {
  test("a field that holds a private key or a password is hidden whatever its value looks like, in JSON, in text and in log fields", () => {
    const base64Key = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";
    expect(redactSecrets(JSON.stringify({ keyPair: { privateKeyPem: base64Key, publicKeyPem: "PUBLIC" } }))).toBe('{"keyPair":{"privateKeyPem":"(hidden)","publicKeyPem":"PUBLIC"}}');
    expect(redactSecrets(`settings clientKeyPem=${base64Key} profile=3`)).toBe("settings clientKeyPem=(hidden) profile=3");
    expect(redactSecretFields({ privateKey: base64Key, subject: "CN=x" })).toEqual({ privateKey: "(hidden)", subject: "CN=x" });
    expect(redactSecrets('{"publicKeyPem":"PUBLIC"}')).toBe('{"publicKeyPem":"PUBLIC"}');
  });
});
