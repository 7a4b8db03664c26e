import type { ConnectorReport, StoreReport, SummaryFacts } from "../../../src/diag/diag-report.ts";

const now = "2025-03-02T12:00:00.000Z";

/** A healthy running station's summary; tests change what they are about. */
export function runningFacts(patch: Partial<SummaryFacts> = {}): SummaryFacts {
  return {
    running: true,
    since: "2025-03-02T09:00:00.000Z",
    version: "1.0.0",
    build: "abc1234",
    chargePointId: "CSC22B7-0001",
    uptimeSec: 3 * 3600,
    centralSystem: {
      url: "wss://csms.example.com/ocpp/CSC22B7-0001",
      securityProfile: 2,
      lastConnectedAt: "2025-03-02T09:00:02.000Z",
      lastDisconnectedAt: null,
      lastError: null,
      retryAt: null,
    },
    connection: "connected",
    registration: "Accepted",
    clock: { now, source: "centralSystem", offsetMs: 300 },
    connectors: [connector({ id: 0 }), connector({ id: 1 }), connector({ id: 2 })],
    queue: { pending: 0, oldestAgeSec: null },
    board: { kind: "virtual", isConnected: true, reader: "pn532" },
    lastRun: { version: "1.0.0", startedAt: "2025-03-01T08:00:00.000Z", stoppedAt: "2025-03-02T08:59:50.000Z", stopReason: "Reboot" },
    profiles: { LocalAuthListManagement: { title: "Local list", lines: ["version 12, 1,234 entries"], data: { isEnabled: true, listVersion: 12, size: 1234 } } },
    ...patch,
  };
}

export function connector(patch: Partial<ConnectorReport> & { id: number }): ConnectorReport {
  return { status: "Available", errorCode: "NoError", ...patch };
}

export const healthyStore: StoreReport = { file: "/var/lib/csc22b7/station.db", sizeBytes: 1_258_291, integrity: "ok", problems: [] };
