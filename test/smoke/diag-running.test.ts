import { beforeAll, describe, expect, test } from "bun:test";
import packageJson from "../../package.json" with { type: "json" };
import { buildBinary, spawnBinary } from "../support/binary.ts";
import { diagRig } from "../support/diag-rig.ts";
import { eventually } from "../support/eventually.ts";

beforeAll(() => buildBinary(), 120_000);

/** A charging session on connector 1, until the Central System's transactionId is known to diag. */
async function charging(rig: Awaited<ReturnType<typeof diagRig>>) {
  await rig.sim("plug", "1");
  await rig.sim("swipe", "04A2B3C4");
  const summary = await eventually(() => rig.diagJson("summary"), (s) => s.connectors[1]?.status === "Charging" && typeof s.connectors[1]?.transactionId === "number" && s.connectors[1]?.contactor?.feedback === "closed", "a charging transaction with the contactor feedback closed");
  return summary.connectors[1];
}

describe("csc22b7 diag against a running station", () => {
  test("--json holds the LAB-INTERFACE object exactly, and a healthy station exits 0", async () => {
    const { diagJson, diag, csms } = await diagRig();
    const report = await diagJson();
    expect(report.exitCode).toBe(0);
    expect(report).toMatchObject({ running: true, version: packageJson.version, chargePointId: "CSC22B7-TEST", connection: "connected", registration: "Accepted", queue: { pending: 0 } });
    expect(report.connectors.map((c: { id: number; status: string }) => [c.id, c.status])).toEqual([[0, "Available"], [1, "Available"], [2, "Available"]]);
    expect(report.connectors.some((c: object) => "transactionId" in c || "idTag" in c)).toBe(false);
    expect(report.connectors[1]).toMatchObject({ meterWh: expect.any(Number), pilotState: "A", contactor: { commanded: "open", feedback: "open" } });
    expect(report.profiles.LocalAuthListManagement.data).toEqual({ isEnabled: true, listVersion: 0, size: 0 });
    const text = await diag();
    expect(text.stdout).toContain("Local list      version 0, 0 entries");
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain("No problems found.");
    expect(text.stdout).toMatch(/running for \d+ s/);
    expect(text.stdout).not.toContain("\x1b[");
    expect(csms.connections).toHaveLength(1);
  });

  test("a charging connector shows its transaction, idTag and meter", async () => {
    const rig = await diagRig();
    const connector = await charging(rig);
    expect(connector).toMatchObject({ id: 1, status: "Charging", idTag: "04A2B3C4", meterWh: expect.any(Number), contactor: { commanded: "closed", feedback: "closed" } });
    const start = rig.csms.calls.find((call) => call.action === "StartTransaction")!;
    expect(connector.transaction.meterStartWh).toBe(start.payload.meterStart);
    expect((await rig.diag()).stdout).toContain(`transaction ${connector.transactionId}, idTag 04A2B3C4`);
  }, 30_000);

  test("the hardware self-test is refused on a connector with a transaction and runs on the other", async () => {
    const rig = await diagRig();
    const { transactionId } = await charging(rig);
    const all = await rig.diag("hw");
    expect(all.exitCode).toBe(1);
    expect(all.stdout).toContain(`REFUSED  connector 1  self-test      transaction ${transactionId} is running on this connector`);
    expect(all.stdout).toMatch(/PASS\s+connector 2\s+contactor\s+closed and opened again/);
    const one = await rig.diagJson("hw", "1");
    expect([one.exitCode, one.passed, one.items.map((item: { result: string }) => item.result)]).toEqual([1, false, ["refused"]]);
    const after = await rig.diagJson();
    expect(after.connectors[1]).toMatchObject({ status: "Charging", transactionId, contactor: { commanded: "closed", feedback: "closed" } });
    expect(rig.csms.actions()).not.toContain("StopTransaction");
    const two = await rig.diagJson("hw", "2");
    expect([two.exitCode, two.passed]).toEqual([0, true]);
  }, 30_000);

  test("rfid shows the card presented, which starts nothing", async () => {
    const rig = await diagRig();
    const waiting = rig.diag("rfid", "--timeout", "10");
    await rig.station().waitForLine(/waiting for a card/);
    await rig.sim("swipe", "11223344");
    const result = await waiting;
    expect([result.exitCode, result.stdout]).toEqual([0, expect.stringContaining("Card 11223344")]);
    expect(result.stdout).toContain("Authorization now: online: the Central System decides (Authorize)");
    expect(result.stderr).toContain("Present a card to the reader within 10 s");
    await Bun.sleep(300);
    expect(rig.csms.actions()).not.toContain("Authorize");
    const none = await rig.diagJson("rfid", "--timeout", "1");
    expect([none.exitCode, none.idTag]).toEqual([1, null]);
  }, 30_000);

  test("an rfid check interrupted by the technician gives the reader back to charging at once", async () => {
    const rig = await diagRig();
    const waiting = spawnBinary(["diag", "rfid", "--timeout", "60", "--config", rig.config], rig.cwd);
    await rig.station().waitForLine(/waiting for a card/);
    waiting.kill("SIGINT");
    await waiting.exited;
    await rig.station().waitForLine(/card check cancelled/);
    await rig.sim("swipe", "04A2B3C4");
    await rig.csms.waitForCall("Authorize");
  }, 30_000);

  test("config, queue and ping answer without touching the Central System connection", async () => {
    const rig = await diagRig();
    const config = await rig.diagJson("config");
    expect(config.keys.find((key: { key: string }) => key.key === "MinimumStatusDuration")).toMatchObject({ value: "0", isChanged: true, source: "station.json" });
    expect(config.keys.find((key: { key: string }) => key.key === "AuthorizationKey")).toMatchObject({ value: null });
    expect(await rig.diagJson("queue")).toMatchObject({ running: true, pending: 0, messages: [], exitCode: 0 });
    const ping = await rig.diagJson("ping");
    expect(ping.exitCode).toBe(0);
    expect(ping.steps.map((step: { step: string; result: string }) => `${step.step}:${step.result}`)).toEqual(["dns:pass", "tcp:pass", "tls:skipped", "websocket:skipped"]);
    expect((await rig.diag("ping")).stdout).toContain("no upgrade request was sent, so that its connection is not replaced");
    expect(rig.csms.connections).toHaveLength(1);
  });

  test("log shows the last lines and follows new ones until interrupted", async () => {
    const rig = await diagRig();
    const recent = await rig.diag("log", "-n", "200");
    expect(recent.stdout).toContain("registration accepted");
    expect((await rig.diag("log", "-n", "3")).stdout.trimEnd().split("\n")).toHaveLength(3);
    const follower = spawnBinary(["diag", "log", "-f", "-n", "0", "--config", rig.config], rig.cwd);
    await Bun.sleep(300);
    await rig.sim("plug", "2");
    let output = "";
    const reader = (async () => {
      for await (const chunk of follower.stdout) output += new TextDecoder().decode(chunk);
    })();
    await eventually(async () => output, (text) => text.includes("EV plugged in on connector 2"), "the followed line");
    follower.kill("SIGINT");
    expect(await follower.exited).toBe(0);
    await reader;
  }, 30_000);

  test("a Central System that went away is the first problem, with the reason, and exits 1", async () => {
    const rig = await diagRig();
    rig.csms.stop();
    await rig.station().waitForLine(/link to the Central System down/);
    const report = await eventually(() => rig.diagJson(), (r) => r.centralSystem.lastError !== null, "the link error");
    expect(report.exitCode).toBe(1);
    expect(report.connection).not.toBe("connected");
    expect(report.problems[0].message).toStartWith("Central System unreachable for");
    const text = await rig.diag();
    expect(text.stdout.split("\n")[1]).toStartWith("[!] Central System unreachable for");
    expect(text.stdout).toContain("  last error");
  }, 30_000);
});
