import { stationKeys } from "../../../support/key-table.ts";
import { describe, expect, test } from "bun:test";
import { Configuration } from "../../../../src/station/configuration/configuration.ts";
import { ConnectorStatus, StationStatus, type ConnectorSituation } from "../../../../src/station/connectors/connector-status.ts";
import { StatusReporter } from "../../../../src/station/connectors/status-reporter.ts";
import type { CallOutcome } from "../../../../src/station/ports.ts";
import { Registration } from "../../../../src/station/registration.ts";
import { FakeCentralSystem } from "../../../support/fake-central-system.ts";
import { FakeClock } from "../../../support/fake-clock.ts";
import { MemoryConfigurationStore } from "../../../support/memory-configuration-store.ts";

const identity = { chargePointVendor: "CASTPRO", chargePointModel: "CSC-22B7", firmwareVersion: "1.0.0" };
const silentLog = { debug() {}, info() {}, warn() {}, error() {} };
const start = "2026-03-01T10:00:00.000Z";
const at = (seconds: number) => new Date(Date.parse(start) + seconds * 1000).toISOString();

const idle: ConnectorSituation = { availability: "Operative", isReserved: false, isEvPlugged: false, session: { kind: "idle" } };
const preparing: Partial<ConnectorSituation> = { isEvPlugged: true, session: { kind: "preparing" } };
const charging: Partial<ConnectorSituation> = { isEvPlugged: true, session: { kind: "transaction", isEnergyOffered: true, isEvDrawing: true } };

/** `isSettled: false`: the hardware has not read its pilots yet; `settle()` says it has. */
function station(minimumStatusDurationSec: number, options: { isSettled?: boolean } = {}) {
  const clock = new FakeClock(start);
  const csms = new FakeCentralSystem(clock);
  const configuration = new Configuration({
    keys: stationKeys,
    overrides: { MinimumStatusDuration: String(minimumStatusDurationSec) },
    store: new MemoryConfigurationStore(),
  });
  const registration = new Registration({ identity, csms, clock, configuration, log: silentLog });
  const stationStatus = new StationStatus({ availability: "Operative" });
  const connectors = [1, 2].map((connectorId) => new ConnectorStatus(connectorId, idle, silentLog));
  const [one, two] = connectors as [ConnectorStatus, ConnectorStatus];
  let settledListener: (() => void) | undefined;
  const whenSettled = (listener: () => void) => {
    if (options.isSettled === false) settledListener = listener;
    else listener();
    return () => (settledListener = undefined);
  };
  const settle = () => settledListener?.();
  const reporter = new StatusReporter({ sources: [stationStatus, ...connectors], csms, registration, configuration, clock, log: silentLog, vendorId: "CASTPRO", whenSettled });
  registration.start();
  const sent = () => csms.calls.filter((call) => call.action === "StatusNotification").map((call) => call.payload);
  const brief = () => sent().map((payload) => {
    const { connectorId, status, timestamp } = payload as { connectorId: number; status: string; timestamp: string };
    return `${connectorId} ${status} ${timestamp}`;
  });
  /** Connects, registers and forgets the notifications that Accepted sends. */
  const online = async () => {
    csms.connect();
    await clock.advanceAsync(0);
    csms.calls.length = 0;
  };
  return { clock, csms, configuration, reporter, stationStatus, one, two, sent, brief, online, settle };
}

describe("StatusReporter", () => {
  test("sends nothing before Accepted, then connector 0 and every connector with its current status and its start", async () => {
    const { clock, csms, one, brief } = station(0);
    await clock.advanceAsync(5_000);
    one.update(preparing);
    await clock.advanceAsync(5_000);
    expect(brief()).toEqual([]);
    csms.connect();
    await clock.advanceAsync(0);
    expect(csms.actions).toEqual(["BootNotification", "StatusNotification", "StatusNotification", "StatusNotification"]);
    expect(brief()).toEqual([`0 Available ${at(0)}`, `1 Preparing ${at(5)}`, `2 Available ${at(0)}`]);
  });

  test("Accepted before the hardware has read its pilots: the boot statuses wait for the readings and carry them", async () => {
    const { clock, csms, one, brief, settle } = station(0, { isSettled: false });
    csms.connect();
    await clock.advanceAsync(0);
    expect(csms.actions).toEqual(["BootNotification"]);
    await clock.advanceAsync(60);
    one.update(preparing);
    await clock.advanceAsync(0);
    expect(brief()).toEqual([]);
    settle();
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`0 Available ${at(0)}`, `1 Preparing ${at(0.06)}`, `2 Available ${at(0)}`]);
  });

  test("onAllReported: told once an Accepted registration has had every status sent, not at Accepted before the readings", async () => {
    const { clock, csms, reporter, settle } = station(0, { isSettled: false });
    const told: string[][] = [];
    reporter.onAllReported(() => told.push([...csms.actions]));
    csms.connect();
    await clock.advanceAsync(0);
    expect(told).toEqual([]);
    settle();
    await clock.advanceAsync(0);
    expect(told).toEqual([["BootNotification", "StatusNotification", "StatusNotification", "StatusNotification"]]);
  });

  test("stopping sends the current status still waiting, not the ones it replaced, and nothing afterwards", async () => {
    const { clock, one, two, reporter, brief, online } = station(10);
    await online();
    one.update(preparing);
    await clock.advanceAsync(1_000);
    one.update({ ...charging, session: { kind: "finishing" } });
    two.update(preparing);
    reporter.stop();
    await clock.advanceAsync(20_000);
    expect(brief()).toEqual([`1 Finishing ${at(1)}`, `2 Preparing ${at(1)}`]);
  });

  test("sends no StatusNotification while registration is Pending", async () => {
    const { clock, csms, one, brief } = station(0);
    csms.respond = (): CallOutcome<unknown> => ({ kind: "ok", payload: { status: "Pending", currentTime: clock.now().toISOString(), interval: 300 } });
    csms.connect();
    await clock.advanceAsync(0);
    one.update(preparing);
    await clock.advanceAsync(10_000);
    expect(csms.actions).toEqual(["BootNotification"]);
    expect(brief()).toEqual([]);
  });

  test("with MinimumStatusDuration 0 reports every change, the statuses passed on the way included, in order", async () => {
    const { clock, one, brief, online } = station(0);
    await online();
    one.update({ isReserved: true });
    await clock.advanceAsync(1_000);
    one.update({ ...charging, isReserved: false });
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`1 Reserved ${at(0)}`, `1 Preparing ${at(1)}`, `1 Charging ${at(1)}`]);
  });

  test("with MinimumStatusDuration 10 reports a status once it has lasted 10 s and skips shorter-lived ones", async () => {
    const { clock, one, brief, online } = station(10);
    await online();
    one.update(preparing);
    await clock.advanceAsync(5_000);
    one.update(charging);
    await clock.advanceAsync(9_999);
    expect(brief()).toEqual([]);
    await clock.advanceAsync(1);
    expect(brief()).toEqual([`1 Charging ${at(5)}`]);
  });

  test("a status that returns within MinimumStatusDuration is not reported again", async () => {
    const { clock, one, brief, online } = station(10);
    await online();
    one.update(preparing);
    await clock.advanceAsync(3_000);
    one.update({ isEvPlugged: false, session: { kind: "idle" } });
    await clock.advanceAsync(60_000);
    expect(brief()).toEqual([]);
  });

  test("notifications follow the order of the events across connectors", async () => {
    const { clock, one, two, brief, online } = station(10);
    await online();
    two.update(preparing);
    await clock.advanceAsync(3_000);
    one.update(preparing);
    await clock.advanceAsync(20_000);
    expect(brief()).toEqual([`2 Preparing ${at(0)}`, `1 Preparing ${at(3)}`]);
  });

  test("a shorter MinimumStatusDuration applies at once to a status that is waiting", async () => {
    const { clock, configuration, one, brief, online } = station(90);
    await online();
    one.update(preparing);
    await clock.advanceAsync(20_000);
    expect(configuration.change("MinimumStatusDuration", "10")).toBe("Accepted");
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`1 Preparing ${at(0)}`]);
  });

  test("a longer MinimumStatusDuration holds back a status that is waiting", async () => {
    const { clock, configuration, one, brief, online } = station(10);
    await online();
    one.update(preparing);
    await clock.advanceAsync(5_000);
    configuration.change("MinimumStatusDuration", "60");
    await clock.advanceAsync(54_999);
    expect(brief()).toEqual([]);
    await clock.advanceAsync(1);
    expect(brief()).toEqual([`1 Preparing ${at(0)}`]);
  });

  test("reportNow sends the current status again, though it was reported and has not changed (TriggerMessage, §15)", async () => {
    const { clock, one, reporter, brief, online } = station(0);
    await online();
    one.update(preparing);
    await clock.advanceAsync(5_000);
    expect(reporter.reportNow(1)).toBe(true);
    expect(reporter.reportNow(0)).toBe(true);
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`1 Preparing ${at(0)}`, `1 Preparing ${at(0)}`, `0 Available ${at(0)}`]);
    expect(reporter.reportNow(3)).toBe(false);
  });

  test("reportNow does not wait for MinimumStatusDuration, and the status is not sent again once it has lasted", async () => {
    const { clock, one, reporter, brief, online } = station(60);
    await online();
    one.update(preparing);
    await clock.advanceAsync(2_000);
    reporter.reportNow(1);
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`1 Preparing ${at(0)}`]);
    await clock.advanceAsync(120_000);
    expect(brief()).toEqual([`1 Preparing ${at(0)}`]);
  });

  test("reportNow with MinimumStatusDuration 0 lets the statuses still waiting leave first, in order", async () => {
    const { clock, one, reporter, brief, online } = station(0);
    await online();
    one.update(preparing);
    one.update(charging);
    reporter.reportNow(1);
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`1 Preparing ${at(0)}`, `1 Charging ${at(0)}`]);
  });

  test("reportNow sends while registration is Pending, where nothing is reported on its own", async () => {
    const { clock, csms, one, reporter, brief } = station(0);
    csms.respond = (): CallOutcome<unknown> => ({ kind: "ok", payload: { status: "Pending", currentTime: clock.now().toISOString(), interval: 300 } });
    csms.connect();
    await clock.advanceAsync(0);
    one.update(preparing);
    await clock.advanceAsync(1_000);
    expect(brief()).toEqual([]);
    reporter.reportNow(1);
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`1 Preparing ${at(0)}`]);
  });

  test("a fault is reported with errorCode, info, vendorId and vendorErrorCode, and NoError once it clears", async () => {
    const { clock, one, sent, online } = station(0);
    await online();
    one.update({ fault: { errorCode: "GroundFailure", info: "RCD tripped on L2", vendorErrorCode: "RCD-30mA" } });
    await clock.advanceAsync(2_000);
    one.update({ fault: undefined });
    await clock.advanceAsync(0);
    expect(sent()).toEqual([
      { connectorId: 1, status: "Faulted", errorCode: "GroundFailure", info: "RCD tripped on L2", vendorId: "CASTPRO", vendorErrorCode: "RCD-30mA", timestamp: at(0) },
      { connectorId: 1, status: "Available", errorCode: "NoError", timestamp: at(2) },
    ]);
  });

  test("info and vendorErrorCode are cut to the 50 characters of CiString50", async () => {
    const { clock, one, sent, online } = station(0);
    await online();
    one.update({ fault: { errorCode: "OtherError", info: "x".repeat(80), vendorErrorCode: "y".repeat(60) } });
    await clock.advanceAsync(0);
    expect(sent()).toEqual([expect.objectContaining({ info: "x".repeat(50), vendorErrorCode: "y".repeat(50) })]);
  });

  test("nothing is sent or queued while offline; a reconnect sends only the current status of what changed", async () => {
    const { clock, csms, one, brief, online } = station(0);
    await online();
    csms.disconnect();
    one.update(preparing);
    await clock.advanceAsync(4_000);
    one.update(charging);
    await clock.advanceAsync(60_000);
    expect(csms.calls).toEqual([]);
    csms.connect();
    await clock.advanceAsync(0);
    expect(csms.actions).toEqual(["StatusNotification"]);
    expect(brief()).toEqual([`1 Charging ${at(4)}`]);
  });

  test("statuses passed in the instant of the reconnect are not sent after it, only the current one", async () => {
    const { clock, csms, one, brief, online } = station(0);
    await online();
    csms.disconnect();
    one.update(preparing);
    one.update(charging);
    csms.connect();
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`1 Charging ${at(0)}`]);
  });

  test("statuses passed in the instant before Accepted are not sent after the statuses Accepted sends", async () => {
    const { clock, csms, one, brief } = station(0);
    csms.connect();
    one.update(preparing);
    one.update(charging);
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`0 Available ${at(0)}`, `1 Charging ${at(0)}`, `2 Available ${at(0)}`]);
  });

  test("a status that went and came back while offline is not sent after the reconnect", async () => {
    const { clock, csms, one, brief, online } = station(0);
    await online();
    csms.disconnect();
    one.update(preparing);
    await clock.advanceAsync(4_000);
    one.update({ isEvPlugged: false, session: { kind: "idle" } });
    csms.connect();
    await clock.advanceAsync(0);
    expect(brief()).toEqual([]);
  });

  test("a notification the link dropped is sent again after the reconnect", async () => {
    const { clock, csms, one, brief, online } = station(0);
    await online();
    const fallback = csms.respond;
    csms.respond = (action, payload) => (action === "StatusNotification" ? { kind: "offline" } : fallback(action, payload));
    one.update(preparing);
    await clock.advanceAsync(0);
    csms.disconnect();
    csms.respond = fallback;
    await clock.advanceAsync(1_000);
    csms.connect();
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`1 Preparing ${at(0)}`, `1 Preparing ${at(0)}`]);
  });

  test("a status still short of MinimumStatusDuration at the reconnect goes out once it has lasted long enough", async () => {
    const { clock, csms, one, brief, online } = station(10);
    await online();
    csms.disconnect();
    one.update(preparing);
    await clock.advanceAsync(3_000);
    csms.connect();
    await clock.advanceAsync(6_999);
    expect(brief()).toEqual([]);
    await clock.advanceAsync(1);
    expect(brief()).toEqual([`1 Preparing ${at(0)}`]);
  });

  test("Accepted sends a status still waiting for MinimumStatusDuration at once and only once", async () => {
    const { clock, csms, one, brief } = station(30);
    one.update(preparing);
    await clock.advanceAsync(10_000);
    csms.connect();
    await clock.advanceAsync(60_000);
    expect(brief()).toEqual([`0 Available ${at(0)}`, `1 Preparing ${at(0)}`, `2 Available ${at(0)}`]);
  });

  test("connector 0 reports the station's own status", async () => {
    const { clock, stationStatus, brief, online } = station(0);
    await online();
    stationStatus.update({ availability: "Inoperative" });
    await clock.advanceAsync(0);
    expect(brief()).toEqual([`0 Unavailable ${at(0)}`]);
  });
});
