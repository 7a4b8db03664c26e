import { join } from "node:path";
import { errorText } from "../log/logger.ts";
import type { Log, StorageHealth } from "../station/ports.ts";
import { busyTimeoutMs, databaseFileName, isBusy, openStore, StoreError, type Store } from "./db.ts";
import { databaseFileState, findStoreDamage, isStoreDamage, readDatabaseContents, StoreDamageError, storeRecoveryHint } from "./store-damage.ts";
import { readStoreMarker, writeStoreMarker, type MarkerReading } from "./store-marker.ts";

/** While another process holds the database, each statement of an attempt waits this long, then the next attempt follows. */
const attemptBusyTimeoutMs = 200;
const retryMs = 100;
/** A start waiting for space looks again this often (the storage's own check frees the reserve or sees space return). */
const spaceRetryMs = 1_000;
/** How often a start that is still waiting says so. */
const waitingNoticeMs = 10_000;

/**
 * The station's database at start-up. It waits as long as another process holds the database (a
 * `diag` reading it, a backup): a start never fails on a lock. It refuses a store that has lost what
 * earlier runs wrote (never starts it as new), and counts this start in the database and its marker.
 */
export async function openStationStore(dataDir: string, log: Log, storage: Pick<StorageHealth, "isFull"> = { isFull: false }): Promise<Store> {
  const file = join(dataDir, databaseFileName);
  const since = Date.now();
  let noticeAt = 0;
  for (;;) {
    try {
      const store = openChecked(dataDir, log);
      if (noticeAt > 0) log.info("database open after waiting", { file, waitedMs: Date.now() - since });
      return store;
    } catch (error) {
      // A full storage is waited out like a lock: exiting would only make a restart loop (Restart=always).
      const isWaitingForSpace = storage.isFull && !isStoreDamage(error);
      if (!isBusy(error) && !isWaitingForSpace) throw error;
      if (Date.now() >= noticeAt) {
        const why = isWaitingForSpace ? "the storage is full; waiting for space to open the database" : "database busy: another process holds it; waiting";
        log.warn(why, { file, error: errorText(error) });
        noticeAt = Date.now() + waitingNoticeMs;
      }
      await Bun.sleep(isWaitingForSpace ? spaceRetryMs : retryMs);
    }
  }
}

function openChecked(dataDir: string, log: Log): Store {
  const file = join(dataDir, databaseFileName);
  const marker = readStoreMarker(dataDir);
  if (marker.kind === "unreadable") log.warn("store marker unreadable; judging the store by the data directory's other files", { file: marker.file, reason: marker.reason });
  const state = databaseFileState(file);
  const damageOnDisk = state === "present" ? null : findStoreDamage(marker, { kind: state }, dataDir);
  if (damageOnDisk) throw new StoreError(`cannot use database ${file}: ${damageOnDisk}. ${storeRecoveryHint()}`, { cause: new StoreDamageError(damageOnDisk) });
  const store = openStore(dataDir, {
    busyTimeoutMs: attemptBusyTimeoutMs,
    verify: (sqlite) => {
      const damage = findStoreDamage(marker, readDatabaseContents(sqlite), dataDir);
      if (damage) throw new StoreDamageError(`${damage}. ${storeRecoveryHint()}`);
    },
  });
  try {
    countThisStart(store, dataDir, marker, log);
    store.sqlite.run(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    return store;
  } catch (error) {
    store.close();
    throw error;
  }
}

/** The database's generation goes up first, then the marker's: a power loss in between leaves the database ahead, which is fine. */
function countThisStart(store: Store, dataDir: string, marker: MarkerReading, log: Log): void {
  const recorded = marker.kind === "ok" ? marker.marker : undefined;
  try {
    const generation = Math.max(readDatabaseContents(store.sqlite).generation, recorded?.generation ?? 0) + 1;
    store.sqlite.run(`PRAGMA user_version = ${generation}`);
    writeStoreMarker(dataDir, { ...recorded, generation, updatedAt: new Date().toISOString() });
  } catch (error) {
    if (isBusy(error)) throw error;
    // The next start then checks against an older count; this one runs all the same (a full disk must not stop it).
    log.warn("could not count this start in the store marker", { file: store.file, error: errorText(error) });
  }
}
