import type { Availability, AvailabilityStore } from "../../src/station/ports.ts";

type Row = { availability: Availability; scheduled?: Availability };

export class MemoryAvailabilityStore implements AvailabilityStore {
  readonly saved = new Map<number, Row>();
  /** Makes the next `save` throw, as a full disk would. */
  failNextSave = false;

  load(): Map<number, Row> {
    return new Map([...this.saved].map(([connectorId, row]) => [connectorId, { ...row }]));
  }

  save(connectorId: number, availability: Availability, scheduled: Availability | undefined): void {
    if (this.failNextSave) {
      this.failNextSave = false;
      throw new Error("disk full");
    }
    this.saved.set(connectorId, scheduled === undefined ? { availability } : { availability, scheduled });
  }
}
