/** ClearCache: CS→CP, Core. */
import * as v from "valibot";
import { GenericStatus, payload } from "./common.ts";

export const ClearCacheRequest = payload({});
export type ClearCacheRequest = v.InferOutput<typeof ClearCacheRequest>;

export const ClearCacheResponse = payload({ status: GenericStatus });
export type ClearCacheResponse = v.InferOutput<typeof ClearCacheResponse>;
