/** GetLocalListVersion: CS→CP, LocalAuthListManagement. */
import * as v from "valibot";
import { Integer, payload } from "./common.ts";

export const GetLocalListVersionRequest = payload({});
export type GetLocalListVersionRequest = v.InferOutput<typeof GetLocalListVersionRequest>;

/** `listVersion`: 0 = list empty, -1 = local list not supported. */
export const GetLocalListVersionResponse = payload({ listVersion: Integer });
export type GetLocalListVersionResponse = v.InferOutput<typeof GetLocalListVersionResponse>;
