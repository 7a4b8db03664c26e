import { desc, eq, lt } from "drizzle-orm";
import { immediate, inStore, type StoreDb } from "./db.ts";
import { processRun } from "./schema.ts";

export type ProcessRun = typeof processRun.$inferSelect;

/** Records each start and clean stop of the firmware, so a start can tell a power loss from a shutdown. */
export class ProcessRunRepo {
  constructor(private readonly db: StoreDb) {}

  /** Records this start; returns its id and the run before it (stoppedAt null = it never stopped cleanly). */
  start(version: string, at: Date): { id: number; previous: ProcessRun | undefined } {
    return inStore(this.db, "recording this start", () =>
      this.db.transaction((tx) => {
        const previous = tx.select().from(processRun).orderBy(desc(processRun.id)).limit(1).get();
        const { id } = tx.insert(processRun).values({ version, startedAt: at }).returning({ id: processRun.id }).get();
        // Keep a bounded history: the last 100 runs are plenty for diagnostics.
        tx.delete(processRun).where(lt(processRun.id, id - 100)).run();
        return { id, previous };
      }, immediate),
    );
  }

  stop(id: number, reason: string, at: Date): void {
    inStore(this.db, "recording the stop", () => this.db.update(processRun).set({ stoppedAt: at, stopReason: reason }).where(eq(processRun.id, id)).run());
  }
}
