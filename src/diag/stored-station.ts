import type { LoadedConfig } from "../config/load.ts";
import { initialOcppValues } from "../config/ocpp-values.ts";
import { errorText } from "../log/logger.ts";
import { profiles } from "../profiles/index.ts";
import { keyTableOf, type ProfileDiagnostics } from "../profiles/profile.ts";
import type { SecurityProfile } from "../ocpp/connection-target.ts";
import { Configuration } from "../station/configuration/configuration.ts";
import type { Availability, ConfigurationStore } from "../station/ports.ts";
import { AvailabilityRepo } from "../store/availability-repo.ts";
import { ConfigurationRepo } from "../store/configuration-repo.ts";
import { StoreError, type StoreDb } from "../store/db.ts";
import { DiagnosticsRepo } from "../store/diagnostics-repo.ts";
import { storeRecoveryHint } from "../store/store-damage.ts";
import { configKeys } from "./config-report.ts";
import type { ConfigReport, QueueReport, StoreReport, SummaryFacts } from "./diag-report.ts";
import { lastLoggedAt } from "./log-tail.ts";
import { queueReport } from "./queue-report.ts";
import { openReadonly, storeReport, type ReadonlyStore } from "./store-health.ts";
import { nothingInStore, storedSummary } from "./stored-summary.ts";

/** Before the first start there is no database: no configuration changes either. */
const nothingStored: ConfigurationStore = {
  loadAll: () => new Map(),
  save: () => {
    throw new Error("diag never changes the configuration");
  },
};

/** Each profile's part of the summary from its tables; one that cannot be read says why (an older firmware's database has no such table). */
function storedProfileDiagnostics(db: StoreDb): Record<string, ProfileDiagnostics> {
  const parts: [string, ProfileDiagnostics][] = [];
  for (const profile of profiles) {
    if (!profile.diagnostics) continue;
    try {
      parts.push([profile.name, profile.diagnostics.stored(db)]);
    } catch (error) {
      parts.push([profile.name, { title: profile.name, lines: [`not readable: ${errorText(error)}`], data: { error: errorText(error) } }]);
    }
  }
  return Object.fromEntries(parts);
}

/**
 * The station as its database tells it, opened read-only: the store's health always, and the whole
 * picture when the station is not running (then from a copy, see store-health.ts). Never writes, so
 * it is safe beside a running station. A store the station would refuse is reported, and read as
 * far as it has tables.
 */
export class StoredStation {
  private readonly db: StoreDb | null;
  private readonly repo: DiagnosticsRepo | null;
  private readonly configurationStore: ConfigurationStore;

  private constructor(
    private readonly loaded: LoadedConfig,
    private readonly opened: ReadonlyStore,
  ) {
    const db = opened.kind === "open" && opened.hasData ? opened.store.db : null;
    this.db = db;
    this.repo = db && new DiagnosticsRepo(db);
    this.configurationStore = db ? new ConfigurationRepo(db, () => new Date()) : nothingStored;
  }

  /** `isRunning`: the station runs, its database is read in place; otherwise a copy is read. */
  static open(loaded: LoadedConfig, isRunning: boolean): StoredStation {
    return new StoredStation(loaded, openReadonly(loaded.config.dataDir, isRunning));
  }

  health(): StoreReport {
    return storeReport(this.opened, this.loaded.file);
  }

  summary(now: Date): SummaryFacts {
    const { config } = this.loaded;
    return storedSummary({
      config,
      repo: this.repo ?? nothingInStore,
      availability: this.db ? new AvailabilityRepo(this.db).load() : new Map<number, { availability: Availability }>(),
      securityProfile: this.configuration().integer("SecurityProfile"),
      lastLoggedAt: lastLoggedAt(config.dataDir),
      profiles: this.db ? storedProfileDiagnostics(this.db) : {},
      now,
    });
  }

  queue(now: Date): QueueReport {
    this.mustBeReadable();
    return this.repo ? queueReport(this.repo, now, false) : { running: false, pending: 0, messages: [] };
  }

  config(): ConfigReport {
    this.mustBeReadable();
    const { config, ocppOverrides } = this.loaded;
    return { running: false, keys: configKeys(this.configuration(), initialOcppValues(config, ocppOverrides), this.configurationStore.loadAll()) };
  }

  /** The SecurityProfile and AuthorizationKey the station connects with (the Central System may have changed them). */
  security(): { profile: SecurityProfile; authorizationKeyHex: string | undefined } {
    const configuration = this.configuration();
    return { profile: configuration.integer("SecurityProfile") as SecurityProfile, authorizationKeyHex: configuration.get("AuthorizationKey") };
  }

  close(): void {
    if (this.opened.kind === "open") this.opened.dispose();
  }

  /**
   * An empty queue or factory values from a database that cannot be read, or that is not what the
   * station left, would be wrong answers: these say what is wrong instead (the summary lists it as a problem).
   */
  private mustBeReadable(): void {
    const { opened } = this;
    if (opened.kind === "unreadable") throw new StoreError(`database ${opened.file}: cannot be read: ${opened.reason}`);
    if (opened.damage) throw new StoreError(`database ${opened.kind === "open" ? opened.store.file : opened.file}: ${opened.damage}. ${storeRecoveryHint(this.loaded.file)}`);
  }

  /** What the next start would use: factory values, station.json, then what the Central System set. */
  private configuration(): Configuration {
    const { config, ocppOverrides } = this.loaded;
    return new Configuration({ keys: keyTableOf(profiles), overrides: initialOcppValues(config, ocppOverrides), store: this.configurationStore });
  }
}
