/** ReserveNow: CS→CP, Reservation. */
import * as v from "valibot";
import { DateTime, IdToken, Integer, payload } from "./common.ts";

export const ReserveNowRequest = payload({
  connectorId: Integer,
  expiryDate: DateTime,
  idTag: IdToken,
  parentIdTag: v.optional(IdToken),
  reservationId: Integer,
});
export type ReserveNowRequest = v.InferOutput<typeof ReserveNowRequest>;

/** C§7.40 ReservationStatus. */
export const ReservationStatus = v.picklist(["Accepted", "Faulted", "Occupied", "Rejected", "Unavailable"]);
export type ReservationStatus = v.InferOutput<typeof ReservationStatus>;

export const ReserveNowResponse = payload({ status: ReservationStatus });
export type ReserveNowResponse = v.InferOutput<typeof ReserveNowResponse>;
