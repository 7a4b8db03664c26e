import { describe, expect, test } from "bun:test";
import { profiles } from "../../../../src/profiles/index.ts";
import { defineProfile, type ProfileContext } from "../../../../src/profiles/profile.ts";
import { securityEventTypes } from "../../../../src/profiles/security/security-event-types.ts";
import { SecurityLog, securityLogLine } from "../../../../src/profiles/security/security-log.ts";
import { SecurityLogRepo } from "../../../../src/profiles/security/security-log-repo.ts";
import { FakeClock } from "../../../support/fake-clock.ts";
import { memoryDatabase } from "../../../support/memory-database.ts";
import { MemoryTransactionStore } from "../../../support/memory-transaction-store.ts";
import { silentLog } from "../../../support/station-rig.ts";
import { securityRig } from "./security-rig.ts";

describe("security events (§17.5)", () => {
  test("the start raises StartupOfTheDevice, delivered once the registration is Accepted", async () => {
    const { rig, events } = await securityRig({ isBooted: false });
    rig.built.start();
    expect(rig.store.stats().pending).toBe(1);
    rig.csms.connect();
    await rig.settle();
    expect(events()).toEqual([expect.stringMatching(/^StartupOfTheDevice: firmware /)]);
    expect(rig.csms.actions.indexOf("SecurityEventNotification")).toBeGreaterThan(rig.csms.actions.indexOf("BootNotification"));
  });

  test("an event raised offline is logged and queued, and arrives once the Central System is back, in order with the rest", async () => {
    const { rig, security, events } = await securityRig();
    rig.csms.disconnect();
    security.events.raise("TamperDetectionActivated", "door");
    security.events.raise("InvalidMessages", "a broken frame");
    expect(events()).toEqual([]);
    expect(security.events.latest(2).map((e) => e.type)).toEqual(["InvalidMessages", "TamperDetectionActivated"]);
    rig.csms.connect();
    await rig.settle();
    expect(events()).toEqual(["TamperDetectionActivated: door", "InvalidMessages: a broken frame"]);
    expect(rig.store.stats().pending).toBe(0);
  });

  test("the Central System moving the clock by 5 s or more is SettingSystemTime; a heartbeat's small correction is not", async () => {
    const { rig, events } = await securityRig();
    rig.clock.adjust(new Date(rig.clock.now().getTime() + 1_000));
    const heartbeat = rig.csms.respond;
    rig.csms.respond = (action, payload) => (action === "Heartbeat" ? { kind: "ok", payload: { currentTime: new Date(rig.clock.now().getTime() + 2_000).toISOString() } } : heartbeat(action, payload));
    await rig.station.heartbeat.beatNow();
    await rig.settle();
    expect(events()).toEqual([]);
    rig.csms.respond = (action, payload) => (action === "Heartbeat" ? { kind: "ok", payload: { currentTime: new Date(rig.clock.now().getTime() + 3600_000).toISOString() } } : heartbeat(action, payload));
    await rig.station.heartbeat.beatNow();
    await rig.settle();
    expect(events()).toEqual([expect.stringMatching(/^SettingSystemTime: \S+ → \S+$/)]);
  });

  test("a full storage is MemoryExhaustion; a Reset is ResetOrReboot; a stop the station did not ask for is one too", async () => {
    const { rig, events, security } = await securityRig();
    rig.storage.set(true);
    rig.station.lifecycle.request({ kind: "reset", type: "Hard" });
    await rig.settle();
    expect(events()).toEqual(["MemoryExhaustion: storage full: new transactions refused", "ResetOrReboot: Reset Hard"]);
    const other = await securityRig();
    other.rig.built.stop();
    expect(other.security.events.latest(1)[0]).toMatchObject({ type: "ResetOrReboot", techInfo: "stopped by the operating system (signal)" });
    expect(security.events.latest(5).filter((e) => e.type === "ResetOrReboot")).toHaveLength(1);
  });

  test("a start on a full storage is MemoryExhaustion too", async () => {
    const { rig, events } = await securityRig({ isBooted: false });
    rig.storage.set(true);
    rig.built.start();
    rig.csms.connect();
    await rig.settle();
    expect(events()).toContain("MemoryExhaustion: storage full at start: new transactions refused");
  });

  test("another profile raises events through the station's hooks; a name outside the table is not recorded", async () => {
    // A stand-in for the Firmware Management profile, which raises FirmwareUpdated once an image is installed.
    let hooks: ProfileContext["hooks"] | undefined;
    const firmware = defineProfile({ name: "FirmwareManagement", isFeatureProfile: false, keys: [], create: (context) => void (hooks = context.hooks) });
    const { rig, events, logLines } = await securityRig({ profiles: [...profiles, firmware] });
    hooks!.securityEvent("FirmwareUpdated", "1.0 → 1.1");
    hooks!.securityEvent("NoSuchEvent");
    await rig.settle();
    expect(events()).toEqual(["FirmwareUpdated: 1.0 → 1.1"]);
    expect(logLines.join("\n")).toContain("unknown security event type not recorded");
  });

  test("critical events are the digest's seven; the log line says so", () => {
    expect(Object.entries(securityEventTypes).filter(([, isCritical]) => isCritical).map(([type]) => type)).toEqual([
      "FirmwareUpdated", "SettingSystemTime", "StartupOfTheDevice", "ResetOrReboot", "SecurityLogWasCleared", "MemoryExhaustion", "TamperDetectionActivated",
    ]);
    expect(securityLogLine({ id: 1, type: "ResetOrReboot", at: new Date("2026-01-01T00:00:00Z"), techInfo: "Reset Soft", isCritical: true })).toBe("2026-01-01T00:00:00.000Z ResetOrReboot (critical) Reset Soft");
  });
});

describe("the rolling security log", () => {
  test("keeps the newest events up to its bound, oldest dropped in the commit that adds one; reads a time range oldest first", () => {
    const repo = new SecurityLogRepo(memoryDatabase(), 3);
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    for (let minute = 0; minute < 5; minute += 1) repo.record({ type: `E${minute}`, at: at(minute), techInfo: undefined, isCritical: false });
    expect(repo.latest(10).map((e) => e.type)).toEqual(["E4", "E3", "E2"]);
    expect(repo.between(at(3), undefined).map((e) => e.type)).toEqual(["E3", "E4"]);
    expect(repo.between(undefined, at(2)).map((e) => e.type)).toEqual(["E2"]);
  });

  test("dropping the oldest events is SecurityLogWasCleared: a tenth of the bound at once, told once per drop and queued like any event", () => {
    const outbox = new MemoryTransactionStore(() => new Date());
    const log = new SecurityLog({ repo: new SecurityLogRepo(memoryDatabase(), 20), outbox, clock: new FakeClock(), log: silentLog, queued: () => {} });
    for (let n = 0; n < 20; n += 1) log.raise("InvalidMessages", `${n}`);
    expect(log.latest(100).map((e) => e.type)).not.toContain("SecurityLogWasCleared");
    log.raise("InvalidMessages", "20");
    const latest = log.latest(100);
    expect(latest).toHaveLength(20);
    expect(latest[0]).toMatchObject({ type: "SecurityLogWasCleared", techInfo: "the 2 oldest events were dropped: the security log keeps at most 20", isCritical: true });
    expect(latest.at(-1)).toMatchObject({ techInfo: "2" });
    for (let n = 21; n < 40; n += 1) log.raise("InvalidMessages", `${n}`);
    const cleared = log.latest(100).filter((e) => e.type === "SecurityLogWasCleared");
    expect(cleared.length).toBeGreaterThanOrEqual(5);
    expect(cleared.length).toBeLessThanOrEqual(10);
    const queued: string[] = [];
    for (let next = outbox.peek(); next; next = outbox.peek()) {
      queued.push((next.payload as { type: string }).type);
      outbox.delivered(next.seq);
    }
    expect(queued.filter((type) => type === "SecurityLogWasCleared").length).toBeGreaterThanOrEqual(cleared.length);
  });

  test("an event and its notification are one commit: a failing queue write leaves no log row", () => {
    const repo = new SecurityLogRepo(memoryDatabase());
    expect(() => repo.record({ type: "E", at: new Date(), techInfo: undefined, isCritical: true }, () => { throw new Error("disk"); })).toThrow();
    expect(repo.latest(1)).toEqual([]);
  });
});
