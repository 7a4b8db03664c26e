/** Reset: CS→CP, Core. */
import * as v from "valibot";
import { GenericStatus, payload } from "./common.ts";

export const ResetType = v.picklist(["Hard", "Soft"]);
export type ResetType = v.InferOutput<typeof ResetType>;

export const ResetRequest = payload({ type: ResetType });
export type ResetRequest = v.InferOutput<typeof ResetRequest>;

export const ResetResponse = payload({ status: GenericStatus });
export type ResetResponse = v.InferOutput<typeof ResetResponse>;
