import { describe, expect, test } from "bun:test";
import {
  ConnectorStatus,
  deriveStatus,
  passThrough,
  StationStatus,
  transitions,
  type ChargePointStatus,
  type ConnectorSituation,
  type StatusReport,
} from "../../../../src/station/connectors/connector-status.ts";

const statuses: ChargePointStatus[] = ["Available", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing", "Reserved", "Unavailable", "Faulted"];

/**
 * The `·` cells of SPEC-DIGEST §6.2, copied from the digest: the moves the table forbids, each with
 * the status a connector passes through instead, or null where it refuses the move.
 */
const forbidden: [ChargePointStatus, ChargePointStatus, ChargePointStatus | null][] = [
  ["Available", "Finishing", null],
  ["Preparing", "Reserved", "Available"], ["Preparing", "Unavailable", "Available"],
  ["Charging", "Preparing", "Finishing"], ["Charging", "Reserved", "Available"],
  ["SuspendedEV", "Preparing", "Finishing"], ["SuspendedEV", "Reserved", "Available"],
  ["SuspendedEVSE", "Preparing", "Finishing"], ["SuspendedEVSE", "Reserved", "Available"],
  ["Finishing", "Charging", "Preparing"], ["Finishing", "SuspendedEV", "Preparing"], ["Finishing", "SuspendedEVSE", "Preparing"], ["Finishing", "Reserved", "Available"],
  ["Reserved", "Charging", "Preparing"], ["Reserved", "SuspendedEV", "Preparing"], ["Reserved", "SuspendedEVSE", "Preparing"], ["Reserved", "Finishing", null],
  ["Unavailable", "Finishing", "Preparing"], ["Unavailable", "Reserved", "Available"],
];

const idle: ConnectorSituation = { availability: "Operative", fault: undefined, warning: undefined, isReserved: false, isEvPlugged: false, session: { kind: "idle" } };
const transaction = (isEnergyOffered: boolean, isEvDrawing: boolean) => ({ kind: "transaction", isEnergyOffered, isEvDrawing }) as const;

/** A situation that calls for each status. */
const situationFor: Record<ChargePointStatus, ConnectorSituation> = {
  Available: idle,
  Preparing: { ...idle, isEvPlugged: true, session: { kind: "preparing" } },
  Charging: { ...idle, isEvPlugged: true, session: transaction(true, true) },
  SuspendedEV: { ...idle, isEvPlugged: true, session: transaction(true, false) },
  SuspendedEVSE: { ...idle, isEvPlugged: true, session: transaction(false, true) },
  Finishing: { ...idle, isEvPlugged: true, session: { kind: "finishing" } },
  Reserved: { ...idle, isReserved: true },
  Unavailable: { ...idle, availability: "Inoperative" },
  Faulted: { ...idle, fault: { errorCode: "GroundFailure", info: "RCD tripped" } },
};

function recordingLog() {
  const errors: string[] = [];
  const log = { debug() {}, info() {}, warn() {}, error: (message: string) => void errors.push(message) };
  return { log, errors };
}

function connector(initial: ConnectorSituation) {
  const { log, errors } = recordingLog();
  const status = new ConnectorStatus(1, initial, log);
  const reports: StatusReport[] = [];
  status.onChanged((report) => reports.push(report));
  return { status, reports, errors, moves: () => reports.map((report) => report.status) };
}

describe("the §6.2 transition table", () => {
  test("names each allowed move after its row letter and column number, as the digest does", () => {
    const letters = "ABCDEFGHI";
    for (const [row, from] of statuses.entries()) {
      for (const [column, to] of statuses.entries()) {
        const id = transitions[from][to];
        if (id !== undefined) expect(`${from}→${to}: ${id}`).toBe(`${from}→${to}: ${letters[row]}${column + 1}`);
      }
    }
  });

  test("allows every move but the digest's forbidden cells and the diagonal", () => {
    for (const from of statuses) {
      for (const to of statuses) {
        const isForbidden = from === to || forbidden.some(([f, t]) => f === from && t === to);
        expect(`${from}→${to}: ${transitions[from][to] === undefined ? "forbidden" : "allowed"}`).toBe(`${from}→${to}: ${isForbidden ? "forbidden" : "allowed"}`);
      }
    }
  });

  test("passes through a status only where both legs are allowed moves", () => {
    for (const [from, targets] of Object.entries(passThrough) as [ChargePointStatus, Partial<Record<ChargePointStatus, ChargePointStatus>>][]) {
      for (const [to, via] of Object.entries(targets) as [ChargePointStatus, ChargePointStatus][]) {
        expect(transitions[from][to]).toBeUndefined();
        expect(transitions[from][via]).toBeDefined();
        expect(transitions[via][to]).toBeDefined();
      }
    }
  });
});

describe("ConnectorStatus", () => {
  for (const from of statuses) {
    for (const to of statuses) {
      const id = transitions[from][to];
      if (id === undefined) continue;
      test(`${id}: a connector moves from ${from} to ${to} when its situation calls for it`, () => {
        const { status, moves, errors } = connector(situationFor[from]);
        expect(status.current.status).toBe(from);
        status.update(situationFor[to]);
        expect(moves()).toEqual([to]);
        expect(errors).toEqual([]);
      });
    }
  }

  for (const [from, to, via] of forbidden) {
    if (via !== null) {
      test(`${from} never jumps straight to ${to}: it passes through ${via}`, () => {
        const { status, moves, errors } = connector(situationFor[from]);
        status.update(situationFor[to]);
        expect(moves()).toEqual([via, to]);
        expect(status.current.status).toBe(to);
        expect(errors).toEqual([]);
      });
    } else {
      test(`${from} refuses to move to ${to} and logs it as an error`, () => {
        const { status, moves, errors } = connector(situationFor[from]);
        status.update(situationFor[to]);
        expect(moves()).toEqual([]);
        expect(status.current.status).toBe(from);
        expect(errors).toEqual(["status move not allowed by the C§4.9 table"]);
      });
    }
  }

  test("B6: a plugged-in EV that got no tag within ConnectionTimeOut goes to Finishing, not Available", () => {
    const { status, moves } = connector(situationFor.Preparing);
    status.update({ session: { kind: "finishing" } });
    expect(moves()).toEqual(["Finishing"]);
    expect(transitions.Preparing.Finishing).toBe("B6");
    status.update({ isEvPlugged: false, session: { kind: "idle" } });
    expect(moves()).toEqual(["Finishing", "Available"]);
  });

  for (const before of statuses.filter((status) => status !== "Faulted")) {
    test(`a fault while ${before} reports Faulted with its error, and clearing it returns to ${before}`, () => {
      const { status, reports } = connector(situationFor[before]);
      status.update({ fault: { errorCode: "OverCurrentFailure", info: "3 x 40 A", vendorErrorCode: "E17" } });
      status.update({ fault: undefined });
      expect(reports).toEqual([
        { status: "Faulted", errorCode: "OverCurrentFailure", info: "3 x 40 A", vendorErrorCode: "E17" },
        { status: before, errorCode: "NoError" },
      ]);
    });
  }

  test("a fault wins over Unavailable, and Unavailable over the session", () => {
    expect(deriveStatus({ ...situationFor.Charging, availability: "Inoperative" })).toBe("Unavailable");
    expect(deriveStatus({ ...situationFor.Charging, availability: "Inoperative", fault: { errorCode: "HighTemperature" } })).toBe("Faulted");
  });

  test("SuspendedEVSE wins when both the EVSE offers nothing and the EV draws nothing", () => {
    const { status, moves } = connector(situationFor.Charging);
    status.update({ session: transaction(false, false) });
    expect(moves()).toEqual(["SuspendedEVSE"]);
    status.update({ session: transaction(true, false) });
    expect(moves()).toEqual(["SuspendedEVSE", "SuspendedEV"]);
  });

  test("an EV unplugged during a transaction that goes on (StopTransactionOnEVSideDisconnect false) is SuspendedEV, EV side disconnected", () => {
    const { status, reports } = connector(situationFor.Charging);
    status.update({ isEvPlugged: false, session: transaction(true, false) });
    expect(reports).toEqual([{ status: "SuspendedEV", errorCode: "NoError", info: "EV side disconnected" }]);
  });

  test("an EV unplugged with StopTransactionOnEVSideDisconnect true ends the transaction in Finishing, EV side disconnected", () => {
    const { status, reports } = connector(situationFor.Charging);
    status.update({ isEvPlugged: false, session: { kind: "finishing" } });
    expect(reports).toEqual([{ status: "Finishing", errorCode: "NoError", info: "EV side disconnected" }]);
  });

  test("a warning goes with an operative status and is reported again when it clears", () => {
    const { status, reports } = connector(situationFor.Preparing);
    status.update({ warning: { errorCode: "EVCommunicationError", info: "pilot noise" } });
    status.update({ warning: undefined });
    expect(reports).toEqual([
      { status: "Preparing", errorCode: "EVCommunicationError", info: "pilot noise" },
      { status: "Preparing", errorCode: "NoError" },
    ]);
  });

  test("an update that changes nothing reported publishes nothing", () => {
    const { status, reports } = connector(situationFor.Charging);
    status.update({ isReserved: true });
    expect(reports).toEqual([]);
    expect(status.situation.isReserved).toBe(true);
  });
});

describe("StationStatus (connector 0)", () => {
  test("is Available, Unavailable when the station is Inoperative, and Faulted on a station fault", () => {
    const station = new StationStatus({ availability: "Operative" });
    const reports: StatusReport[] = [];
    station.onChanged((report) => reports.push(report));
    expect(station.connectorId).toBe(0);
    expect(station.current).toEqual({ status: "Available", errorCode: "NoError" });
    station.update({ availability: "Inoperative" });
    station.update({ fault: { errorCode: "PowerMeterFailure", vendorErrorCode: "M2" } });
    station.update({ fault: undefined, availability: "Operative" });
    expect(reports).toEqual([
      { status: "Unavailable", errorCode: "NoError" },
      { status: "Faulted", errorCode: "PowerMeterFailure", vendorErrorCode: "M2" },
      { status: "Available", errorCode: "NoError" },
    ]);
  });

  test("reports a station-level warning such as LocalListConflict with status Available", () => {
    const station = new StationStatus({ availability: "Operative", warning: { errorCode: "LocalListConflict" } });
    expect(station.current).toEqual({ status: "Available", errorCode: "LocalListConflict" });
  });
});
