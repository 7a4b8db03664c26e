import { Database } from "bun:sqlite";
import { beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, linkSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, buildBinary, runToEnd } from "../support/binary.ts";
import { tempDir, writeStationConfig } from "../support/temp-dir.ts";
import { makeTlsFixtures } from "../support/tls-fixtures.ts";

beforeAll(() => buildBinary(), 120_000);

const key = "00112233445566778899aabbccddeeff";

/** What `config check` and the station itself both say about a configuration they cannot use. */
async function refusals(file: string, cwd: string, command: (args: string[]) => string[] = (args) => [binaryPath, ...args]) {
  const check = await runToEnd(command(["config", "check", "--config", file]), cwd);
  const run = await runToEnd(command(["--config", file]), cwd);
  return { check, run };
}

async function expectRefused(file: string, cwd: string, lines: string[], command?: (args: string[]) => string[]): Promise<void> {
  const { check, run } = await refusals(file, cwd, command);
  const expected = { exitCode: 2, stdout: "", stderr: lines.map((line) => `${line}\n`).join("") };
  expect(check).toEqual(expected);
  expect(run).toEqual(expected);
}

// Root may write anywhere: a read-only dataDir is tried as "nobody", with the files made theirs.
const isRoot = process.getuid?.() === 0;
const hasSetpriv = Bun.which("setpriv") !== null;

/** The executable run as a user without root's privileges, for the files below `dir`. */
function unprivileged(dir: string): (args: string[]) => string[] {
  if (!isRoot) return (args) => [binaryPath, ...args];
  const executable = join(dir, "csc22b7");
  try {
    linkSync(binaryPath, executable);
  } catch {
    copyFileSync(binaryPath, executable);
  }
  Bun.spawnSync(["chown", "-R", "65534:65534", dir]);
  return (args) => ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", executable, ...args];
}

describe("configuration that config check passed but the station could not use exits 2 with one line per problem", () => {
  test("a caFile, certFile or keyFile that is not PEM of its kind", async () => {
    const cwd = tempDir();
    const tls = makeTlsFixtures();
    writeFileSync(join(cwd, "cp.pem"), tls.clientCertPem);
    const profile2 = writeStationConfig(cwd, { centralSystem: { url: "wss://127.0.0.1:9/ocpp", securityProfile: 2, authorizationKey: key, caFile: "/etc/passwd" } });
    const notPem = `${profile2}: centralSystem.caFile: /etc/passwd is not a PEM certificate file: it holds no "-----BEGIN CERTIFICATE-----" block`;
    await expectRefused(profile2, cwd, [notPem]);
    expect(await runToEnd([binaryPath, "diag", "ping", "--config", profile2], cwd)).toEqual({ exitCode: 2, stdout: "", stderr: `${notPem}\n` });
    const profile3 = writeStationConfig(cwd, { centralSystem: { url: "wss://127.0.0.1:9/ocpp", securityProfile: 3, caFile: "cp.pem", certFile: "/etc/passwd", keyFile: "cp.pem" } });
    await expectRefused(profile3, cwd, [
      `${profile3}: centralSystem.certFile: /etc/passwd is not a PEM certificate file: it holds no "-----BEGIN CERTIFICATE-----" block`,
      `${profile3}: centralSystem.keyFile: ${join(cwd, "cp.pem")} is not a PEM private key file: it holds no "-----BEGIN PRIVATE KEY-----" block`,
    ]);
  });

  test("security profile 2 or 3 with a ws:// URL", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "ca.pem"), makeTlsFixtures().caPem);
    const file = writeStationConfig(cwd, { centralSystem: { url: "ws://127.0.0.1:9/ocpp", securityProfile: 2, authorizationKey: key, caFile: "ca.pem" } });
    await expectRefused(file, cwd, [`${file}: centralSystem.url: security profiles 2 and 3 need TLS: use wss://`]);
  });

  test("a dataDir that is a file", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "data"), "");
    const file = writeStationConfig(cwd);
    await expectRefused(file, cwd, [`${file}: dataDir: ${join(cwd, "data")} is a file, not a directory`]);
  });

  test.skipIf(isRoot && !hasSetpriv)("a read-only dataDir, and a read-only database in it", async () => {
    const cwd = tempDir();
    const dataDir = join(cwd, "data");
    mkdirSync(dataDir);
    const file = writeStationConfig(cwd);
    const asUser = unprivileged(cwd);
    chmodSync(dataDir, 0o500);
    await expectRefused(file, cwd, [`${file}: dataDir: ${dataDir} is not writable by this user: permission denied`], asUser);
    chmodSync(dataDir, 0o700);
    const database = new Database(join(dataDir, "station.db"));
    database.run("CREATE TABLE earlier (x)");
    database.close();
    Bun.spawnSync(["chown", "65534:65534", join(dataDir, "station.db")]);
    chmodSync(join(dataDir, "station.db"), 0o400);
    await expectRefused(file, cwd, [`${file}: dataDir: ${join(dataDir, "station.db")} is read-only for this user: permission denied`], asUser);
  });

  test("a configuration nested 100,000 deep", async () => {
    const cwd = tempDir();
    const file = writeStationConfig(cwd);
    writeFileSync(file, `${readFileSync(file, "utf8").trimEnd().slice(0, -1)}, "deep": ${"[".repeat(100_000)}${"]".repeat(100_000)} }`);
    await expectRefused(file, cwd, [`${file}: deep: is nested more than 100 levels deep`]);
  });

  test("invalid JSON, with its line and column", async () => {
    const cwd = tempDir();
    const file = join(cwd, "station.json");
    writeFileSync(file, '{\n  "chargePointId": "A",\n  "dataDir": "data",\n}\n');
    await expectRefused(file, cwd, [`${file}: (root): invalid JSON at line 4, column 1: JSON Parse error: Property name must be a string literal`]);
  });

  test("errors in the ocpp section, reported together with the others", async () => {
    const cwd = tempDir();
    const file = writeStationConfig(cwd, { chargePointId: "has space", ocpp: { HeartbeatIntervall: 60 } });
    await expectRefused(file, cwd, [
      `${file}: chargePointId: must be 1-48 characters of A-Z a-z 0-9 * - _ = + | @ .`,
      `${file}: ocpp.HeartbeatIntervall: is not a configuration key of this firmware`,
    ]);
  });
});
