import { and, asc, count, desc, gte, inArray, lte, type SQL } from "drizzle-orm";
import { immediate, inStore, type StoreDb } from "../../store/db.ts";
import { securityEvent } from "./schema.ts";
import type { SecurityEvent } from "./security-event-types.ts";

/** The rolling security log keeps at most this many events; the oldest go in the commit that adds one too many. */
export const securityLogMaxEvents = 5_000;

/**
 * The security log in the station's database. An event and its SecurityEventNotification are one
 * commit: the station's outbox lives on the same connection, so a write to it inside `record` joins.
 */
export class SecurityLogRepo {
  /** A full log drops a tenth of its bound at once (at least one event), so that dropping is an event now and then, not at every write. */
  private readonly dropCount: number;

  constructor(private readonly db: StoreDb, readonly maxEvents = securityLogMaxEvents) {
    this.dropCount = Math.max(1, Math.floor(maxEvents / 10));
  }

  /** Records the event; `alsoInCommit` (queueing its notification) runs inside the same commit. Returns how many of the oldest events it dropped. */
  record(event: Omit<SecurityEvent, "id">, alsoInCommit?: () => void): number {
    return inStore(this.db, `security log: recording ${event.type}`, () =>
      this.db.transaction((tx) => {
        tx.insert(securityEvent).values({ ...event, techInfo: event.techInfo ?? null }).run();
        const { events } = tx.select({ events: count() }).from(securityEvent).get()!;
        let dropped = 0;
        if (events > this.maxEvents) {
          const oldest = tx.select({ id: securityEvent.id }).from(securityEvent).orderBy(asc(securityEvent.id)).limit(events - this.maxEvents + this.dropCount - 1).all();
          tx.delete(securityEvent).where(inArray(securityEvent.id, oldest.map((row) => row.id))).run();
          dropped = oldest.length;
        }
        alsoInCommit?.();
        return dropped;
      }, immediate),
    );
  }

  /** The newest `count` events, newest first. */
  latest(count: number): SecurityEvent[] {
    return inStore(this.db, "security log: reading the latest events", () => this.db.select().from(securityEvent).orderBy(desc(securityEvent.id)).limit(count).all()).map(toEvent);
  }

  /** Events between the two times (either open), oldest first: what GetLog uploads. */
  between(oldest: Date | undefined, latest: Date | undefined): SecurityEvent[] {
    const conditions: SQL[] = [];
    if (oldest) conditions.push(gte(securityEvent.at, oldest));
    if (latest) conditions.push(lte(securityEvent.at, latest));
    return inStore(this.db, "security log: reading events", () =>
      this.db.select().from(securityEvent).where(and(...conditions)).orderBy(asc(securityEvent.id)).all(),
    ).map(toEvent);
  }
}

function toEvent(row: typeof securityEvent.$inferSelect): SecurityEvent {
  return { id: row.id, type: row.type, at: row.at, techInfo: row.techInfo ?? undefined, isCritical: row.isCritical };
}
