import type { Handler } from "../../../ocpp/dispatcher.ts";
import { DataTransferRequest, type DataTransferResponse } from "../../../messages/data-transfer.ts";

export const dataTransfer: Handler<DataTransferRequest, DataTransferResponse, unknown> = {
  action: "DataTransfer",
  request: DataTransferRequest,
  // §10.8: this firmware has no vendor extensions.
  handle: () => ({ status: "UnknownVendorId" }),
};
