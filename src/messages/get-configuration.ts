/** GetConfiguration: CS→CP, Core. No `key` asks for every key. */
import * as v from "valibot";
import { CiString50, CiString500, payload } from "./common.ts";

export const GetConfigurationRequest = payload({ key: v.optional(v.array(CiString50)) });
export type GetConfigurationRequest = v.InferOutput<typeof GetConfigurationRequest>;

/** C§7.22 KeyValue; `value` may be absent when the key is known but unset. */
export const KeyValue = v.strictObject({ key: CiString50, readonly: v.boolean(), value: v.optional(CiString500) });
export type KeyValue = v.InferOutput<typeof KeyValue>;

export const GetConfigurationResponse = payload({
  configurationKey: v.optional(v.array(KeyValue)),
  unknownKey: v.optional(v.array(CiString50)),
});
export type GetConfigurationResponse = v.InferOutput<typeof GetConfigurationResponse>;
