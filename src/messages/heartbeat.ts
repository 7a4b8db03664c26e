/** Heartbeat: CP→CS, Core. */
import * as v from "valibot";
import { DateTime, payload } from "./common.ts";

export const HeartbeatRequest = payload({});
export type HeartbeatRequest = v.InferOutput<typeof HeartbeatRequest>;

export const HeartbeatResponse = payload({ currentTime: DateTime });
export type HeartbeatResponse = v.InferOutput<typeof HeartbeatResponse>;
