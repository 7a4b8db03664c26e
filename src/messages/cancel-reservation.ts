/** CancelReservation: CS→CP, Reservation. */
import * as v from "valibot";
import { GenericStatus, Integer, payload } from "./common.ts";

export const CancelReservationRequest = payload({ reservationId: Integer });
export type CancelReservationRequest = v.InferOutput<typeof CancelReservationRequest>;

export const CancelReservationResponse = payload({ status: GenericStatus });
export type CancelReservationResponse = v.InferOutput<typeof CancelReservationResponse>;
