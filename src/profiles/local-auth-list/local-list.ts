import type { GetLocalListVersionResponse } from "../../messages/get-local-list-version.ts";
import type { SendLocalListRequest, UpdateStatus } from "../../messages/send-local-list.ts";
import { idTagKey } from "../../station/authorization/id-tag.ts";
import type { Configuration } from "../../station/configuration/configuration.ts";
import type { AuthorizationSource } from "../../station/hooks.ts";
import type { IdTagInfo, Log, StorageHealth } from "../../station/ports.ts";
import type { ListEntry, LocalListStore } from "./local-list-store.ts";

type Options = {
  store: LocalListStore;
  configuration: Pick<Configuration, "boolean" | "integer">;
  storage: StorageHealth;
  log: Log;
};

/**
 * The Local Authorization List (SPEC-DIGEST §12, §7.3): SendLocalList and GetLocalListVersion, and
 * the authorization source the core asks before its cache (§7.4).
 */
export class LocalList implements AuthorizationSource {
  readonly name = "localList";

  constructor(private readonly options: Options) {}

  get isEnabled(): boolean {
    return this.options.configuration.boolean("LocalAuthListEnabled");
  }

  lookup(idTag: string): IdTagInfo | undefined {
    try {
      return this.options.store.lookup(idTag);
    } catch (error) {
      // An unreadable list is a miss: online the Central System decides, offline the unknown-tag rule does.
      this.options.log.error("local list lookup failed", { idTag, error });
      return undefined;
    }
  }

  /** §12: the version of the last update; 0 while the list is empty (TC_042_2); −1 while disabled (TC_042_1). */
  version(): GetLocalListVersionResponse["listVersion"] {
    if (!this.isEnabled) return -1;
    return this.options.store.size() === 0 ? 0 : this.options.store.version();
  }

  /** Version and size for diag. */
  summary(): { isEnabled: boolean | null; listVersion: number; size: number } {
    return { isEnabled: this.isEnabled, listVersion: this.options.store.version(), size: this.options.store.size() };
  }

  /** SendLocalList (§12): applied in one commit, or not at all. */
  apply(request: SendLocalListRequest): UpdateStatus {
    if (!this.isEnabled) return "NotSupported";
    const { listVersion, updateType } = request;
    const entries = request.localAuthorizationList ?? [];
    const refusal = this.refusal(request, entries);
    if (refusal) {
      this.options.log.warn("local list update refused", { updateType, listVersion, entries: entries.length, ...refusal });
      return refusal.status;
    }
    try {
      if (updateType === "Full") this.options.store.replace(listVersion, entries as Required<ListEntry>[]);
      else if (this.options.store.update(listVersion, entries, this.capacity) === "tooLarge") {
        this.options.log.warn("local list update refused", { updateType, listVersion, entries: entries.length, reason: "the list would hold more than LocalAuthListMaxLength entries" });
        return "Failed";
      }
    } catch (error) {
      this.options.log.error("local list update could not be stored", { updateType, listVersion, error });
      return "Failed";
    }
    this.options.log.info("local list updated", { updateType, listVersion, entries: entries.length, size: this.options.store.size() });
    return "Accepted";
  }

  private get capacity(): number {
    return this.options.configuration.integer("LocalAuthListMaxLength");
  }

  private refusal(request: SendLocalListRequest, entries: readonly ListEntry[]): { status: UpdateStatus; reason: string } | undefined {
    const { configuration, store, storage } = this.options;
    const failed = (reason: string) => ({ status: "Failed" as const, reason });
    // E3.52: 0 and −1 are not versions; the OCTT clears the list with a Full update of version 0, so that is accepted.
    if (request.listVersion < 0) return failed("listVersion must not be negative");
    if (request.updateType === "Differential" && request.listVersion <= store.version()) {
      return { status: "VersionMismatch", reason: `listVersion ${request.listVersion} is not newer than ${store.version()}` };
    }
    if (entries.length > configuration.integer("SendLocalListMaxLength")) return failed(`more than SendLocalListMaxLength (${configuration.integer("SendLocalListMaxLength")}) entries`);
    const idTags = new Set(entries.map((entry) => idTagKey(entry.idTag)));
    if (idTags.size !== entries.length) return failed("an idTag appears twice");
    if (request.updateType === "Full" && entries.some((entry) => entry.idTagInfo === undefined)) return failed("a Full update entry has no idTagInfo");
    if (request.updateType === "Full" && entries.length > this.capacity) return failed(`${entries.length} entries, more than LocalAuthListMaxLength`);
    if (storage.isFull) return failed("the storage is full");
    return undefined;
  }
}
