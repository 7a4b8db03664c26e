import { and, desc, gte, lte, lt, asc, type SQL } from "drizzle-orm";
import { immediate, inStore, type StoreDb } from "../../store/db.ts";
import { securityEvent } from "./schema.ts";
import type { SecurityEvent } from "./security-event-types.ts";

/** The rolling security log keeps this many events; older ones go in the commit that adds a new one. */
export const securityLogMaxEvents = 5_000;

/**
 * The security log in the station's database. An event and its SecurityEventNotification are one
 * commit: the station's outbox lives on the same connection, so a write to it inside `record` joins.
 */
export class SecurityLogRepo {
  constructor(private readonly db: StoreDb, private readonly maxEvents = securityLogMaxEvents) {}

  /** Records the event; `alsoInCommit` (queueing its notification) runs inside the same commit. */
  record(event: Omit<SecurityEvent, "id">, alsoInCommit?: () => void): void {
    inStore(this.db, `security log: recording ${event.type}`, () =>
      this.db.transaction((tx) => {
        const { id } = tx.insert(securityEvent).values({ ...event, techInfo: event.techInfo ?? null }).returning({ id: securityEvent.id }).get();
        tx.delete(securityEvent).where(lt(securityEvent.id, id - this.maxEvents + 1)).run();
        alsoInCommit?.();
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
