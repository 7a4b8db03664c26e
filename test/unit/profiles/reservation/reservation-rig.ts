import { messages } from "../../../../src/messages/index.ts";
import { OcppClient } from "../../../../src/ocpp/client.ts";
import { ReservationRepo } from "../../../../src/profiles/reservation/reservation-repo.ts";
import type { Reservations } from "../../../../src/profiles/reservation/reservations.ts";
import { FakeLink } from "../../../support/fake-link.ts";
import { recordingLogger } from "../../../support/ocpp-test-catalog.ts";
import { stationRig } from "../../../support/station-rig.ts";

/** An hour after the rig's start: a reservation that lasts through a test unless it moves the clock. */
export const inAnHour = "2026-01-01T11:00:00.000Z";

type RigOptions = NonNullable<Parameters<typeof stationRig>[0]>;

/**
 * The station rig with the firmware's profiles, booted, and the Central System's side of the OCPP
 * link: `request` sends a CALL through the profiles' handlers and returns the answer frame once the
 * station has done what follows it.
 */
export async function reservationRig(options: RigOptions & { isBooted?: boolean } = {}) {
  const rig = stationRig(options);
  if (options.isBooted ?? true) await rig.boot();
  const link = new FakeLink();
  const client = new OcppClient({ link, catalog: messages, clock: rig.clock, log: recordingLogger().log });
  for (const { handlers, service } of rig.built.handlers) client.handle(handlers, service);
  link.connect();
  /** The answer frame ([3, id, payload] or [4, id, code, …]) without letting time pass. */
  const answer = async (action: string, payload: unknown) => {
    link.deliver(JSON.stringify([2, "id", action, payload]));
    await client.settled();
    return link.frames.at(-1);
  };
  const request = async (action: string, payload: unknown) => {
    const frame = await answer(action, payload);
    await rig.settle();
    return frame;
  };
  /** ReserveNow's status (reservation 1 of VALID on connector 1 for an hour unless `fields` say otherwise). */
  const reserve = async (fields: Record<string, unknown> = {}) => {
    const frame = await request("ReserveNow", { connectorId: 1, expiryDate: inAnHour, idTag: "VALID", reservationId: 1, ...fields });
    return (frame?.[2] as { status?: string } | undefined)?.status ?? frame?.[2];
  };
  const cancel = async (reservationId: number) => ((await request("CancelReservation", { reservationId }))?.[2] as { status: string }).status;
  const reservations = () => (rig.built.services.get("Reservation") as Reservations).list.map((r) => `${r.reservationId}@${r.connectorId} ${r.idTag}`);
  const stored = () => new ReservationRepo(rig.database).load().map((r) => `${r.reservationId}@${r.connectorId} ${r.idTag}`);
  return { ...rig, answer, request, reserve, cancel, reservations, stored };
}
