import { eq } from "drizzle-orm";
import { immediate, inStore, type StoreDb } from "../../store/db.ts";
import { securityState } from "./schema.ts";

/** Names of the durable facts the security profile keeps (security_state). */
export type SecurityStateName = "profileBeforeUpgrade" | "logUpload" | "firmware";

/** Small durable facts by name, each write one commit. */
export class SecurityStateRepo {
  constructor(private readonly db: StoreDb) {}

  get(name: SecurityStateName): string | undefined {
    return inStore(this.db, `reading ${name}`, () => this.db.select().from(securityState).where(eq(securityState.name, name)).get())?.value;
  }

  set(name: SecurityStateName, value: string): void {
    inStore(this.db, `saving ${name}`, () =>
      this.db.insert(securityState).values({ name, value }).onConflictDoUpdate({ target: securityState.name, set: { value } }).run(),
    );
  }

  /**
   * Sets (a value) or clears (undefined) the fact and runs `alsoInCommit` in the same commit: the
   * station's outbox shares the connection, so a message queued there is written with it.
   */
  change(name: SecurityStateName, value: string | undefined, alsoInCommit: () => void): void {
    inStore(this.db, `saving ${name}`, () =>
      this.db.transaction(() => {
        if (value === undefined) this.clear(name);
        else this.set(name, value);
        alsoInCommit();
      }, immediate),
    );
  }

  clear(name: SecurityStateName): void {
    inStore(this.db, `clearing ${name}`, () => this.db.delete(securityState).where(eq(securityState.name, name)).run());
  }
}
