/** ChangeConfiguration: CS→CP, Core. */
import * as v from "valibot";
import { CiString50, CiString500, payload } from "./common.ts";

export const ChangeConfigurationRequest = payload({ key: CiString50, value: CiString500 });
export type ChangeConfigurationRequest = v.InferOutput<typeof ChangeConfigurationRequest>;

export const ConfigurationStatus = v.picklist(["Accepted", "Rejected", "RebootRequired", "NotSupported"]);
export type ConfigurationStatus = v.InferOutput<typeof ConfigurationStatus>;

export const ChangeConfigurationResponse = payload({ status: ConfigurationStatus });
export type ChangeConfigurationResponse = v.InferOutput<typeof ChangeConfigurationResponse>;
