import { inArray } from "drizzle-orm";
import { immediate, inStore, type StoreDb } from "../../store/db.ts";
import type { InstalledProfile } from "./composite-schedule.ts";
import { chargingProfiles } from "./schema.ts";

/** Where the installed profiles are kept; each change is one commit. */
export interface ChargingProfileStore {
  all(): InstalledProfile[];
  /** Adds `installed` and deletes the profiles it replaces, in one commit. */
  install(installed: InstalledProfile, replacing: readonly number[]): void;
  remove(chargingProfileIds: readonly number[]): void;
}

/** The installed charging profiles in SQLite (at most MaxChargingProfilesInstalled rows, read once at start). */
export class ChargingProfileRepo implements ChargingProfileStore {
  constructor(private readonly db: StoreDb) {}

  all(): InstalledProfile[] {
    const rows = inStore(this.db, "charging profiles: reading", () => this.db.select().from(chargingProfiles).all());
    return rows.map((row) => ({ connectorId: row.connectorId, localTxId: row.localTxId, profile: row.profile }));
  }

  install(installed: InstalledProfile, replacing: readonly number[]): void {
    const { profile, connectorId, localTxId } = installed;
    inStore(this.db, "charging profiles: installing a profile", () =>
      this.db.transaction((tx) => {
        const ids = [...replacing, profile.chargingProfileId];
        tx.delete(chargingProfiles).where(inArray(chargingProfiles.chargingProfileId, ids)).run();
        tx.insert(chargingProfiles)
          .values({ chargingProfileId: profile.chargingProfileId, connectorId, purpose: profile.chargingProfilePurpose, stackLevel: profile.stackLevel, localTxId, profile })
          .run();
      }, immediate),
    );
  }

  remove(chargingProfileIds: readonly number[]): void {
    if (chargingProfileIds.length === 0) return;
    inStore(this.db, "charging profiles: removing profiles", () => this.db.delete(chargingProfiles).where(inArray(chargingProfiles.chargingProfileId, [...chargingProfileIds])).run());
  }
}
