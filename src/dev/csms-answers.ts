/**
 * How the development Central System answers the station's CALLs: accept everything, hand out
 * transaction ids. Shared with the test Central System so both behave alike by default.
 */
export type CsmsAnswer = { result: Record<string, unknown> } | { error: string; description: string };

export class DefaultCsmsAnswers {
  private nextTransactionId = 1;

  constructor(private readonly heartbeatIntervalSec = 60) {}

  answer(action: string, _payload: unknown, now = new Date()): CsmsAnswer {
    const currentTime = now.toISOString();
    const accepted = { idTagInfo: { status: "Accepted" } };
    switch (action) {
      case "BootNotification":
        return { result: { status: "Accepted", currentTime, interval: this.heartbeatIntervalSec } };
      case "Heartbeat":
        return { result: { currentTime } };
      case "Authorize":
        return { result: accepted };
      case "StartTransaction":
        return { result: { transactionId: this.nextTransactionId++, ...accepted } };
      case "StopTransaction":
        return { result: accepted };
      case "DataTransfer":
        return { result: { status: "UnknownVendorId" } };
      case "SignCertificate":
        return { result: { status: "Rejected" } };
      case "StatusNotification":
      case "MeterValues":
      case "DiagnosticsStatusNotification":
      case "FirmwareStatusNotification":
      case "LogStatusNotification":
      case "SecurityEventNotification":
      case "SignedFirmwareStatusNotification":
        return { result: {} };
      default:
        return { error: "NotImplemented", description: `the development Central System does not know ${action}` };
    }
  }
}
