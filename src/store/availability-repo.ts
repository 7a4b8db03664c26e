import type { Availability, AvailabilityStore } from "../station/ports.ts";
import { inStore, StoreError, storeFileOf, type StoreDb } from "./db.ts";
import { connectorState } from "./schema.ts";

const availabilities: readonly string[] = ["Operative", "Inoperative"] satisfies Availability[];

/** ChangeAvailability per connector (0 = the station), kept across restarts (C§5.2). */
export class AvailabilityRepo implements AvailabilityStore {
  constructor(private readonly db: StoreDb) {}

  load(): Map<number, { availability: Availability; scheduled?: Availability }> {
    const rows = inStore(this.db, "reading connector availability", () => this.db.select().from(connectorState).all());
    return new Map(rows.map((row) => [row.connectorId, this.parse(row)]));
  }

  save(connectorId: number, availability: Availability, scheduled: Availability | undefined): void {
    const values = { availability, scheduledAvailability: scheduled ?? null };
    inStore(this.db, `saving availability of connector ${connectorId}`, () =>
      this.db
        .insert(connectorState)
        .values({ connectorId, ...values })
        .onConflictDoUpdate({ target: connectorState.connectorId, set: values })
        .run(),
    );
  }

  /** A value this firmware never writes is an error, not a silent Operative: the station may have to stay out of service. */
  private parse(row: typeof connectorState.$inferSelect): { availability: Availability; scheduled?: Availability } {
    const { connectorId, availability, scheduledAvailability } = row;
    if (!isAvailability(availability) || (scheduledAvailability !== null && !isAvailability(scheduledAvailability))) {
      throw new StoreError(`database ${storeFileOf(this.db)}: connector ${connectorId} has an unknown availability "${availability}"/"${scheduledAvailability}"`);
    }
    return scheduledAvailability === null ? { availability } : { availability, scheduled: scheduledAvailability };
  }
}

function isAvailability(value: string): value is Availability {
  return availabilities.includes(value);
}
