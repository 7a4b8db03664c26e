/** UnlockConnector: CS→CP, Core. */
import * as v from "valibot";
import { Integer, payload } from "./common.ts";

export const UnlockConnectorRequest = payload({ connectorId: Integer });
export type UnlockConnectorRequest = v.InferOutput<typeof UnlockConnectorRequest>;

export const UnlockStatus = v.picklist(["Unlocked", "UnlockFailed", "NotSupported"]);
export type UnlockStatus = v.InferOutput<typeof UnlockStatus>;

export const UnlockConnectorResponse = payload({ status: UnlockStatus });
export type UnlockConnectorResponse = v.InferOutput<typeof UnlockConnectorResponse>;
