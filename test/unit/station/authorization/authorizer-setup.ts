import { stationKeys } from "../../../support/key-table.ts";
import { Authorizer } from "../../../../src/station/authorization/authorizer.ts";
import { idTagKey } from "../../../../src/station/authorization/id-tag.ts";
import { Configuration } from "../../../../src/station/configuration/configuration.ts";
import { KeyTable } from "../../../../src/station/configuration/key-definition.ts";
import type { AuthorizationSource } from "../../../../src/station/hooks.ts";
import type { AuthCacheStore, CallOutcome, IdTagInfo, Log } from "../../../../src/station/ports.ts";
import { FakeCentralSystem } from "../../../support/fake-central-system.ts";
import { FakeClock } from "../../../support/fake-clock.ts";
import { MemoryAuthCacheStore } from "../../../support/memory-auth-cache-store.ts";
import { MemoryConfigurationStore } from "../../../support/memory-configuration-store.ts";

/** A Local Authorization List in memory, matched case-insensitively. */
export class MemoryLocalAuthList implements AuthorizationSource {
  readonly name = "localList";
  isEnabled = true;
  private readonly entries = new Map<string, IdTagInfo>();

  constructor(entries: Record<string, IdTagInfo> = {}) {
    for (const [idTag, idTagInfo] of Object.entries(entries)) this.entries.set(idTagKey(idTag), idTagInfo);
  }

  lookup(idTag: string): IdTagInfo | undefined {
    return this.entries.get(idTagKey(idTag));
  }
}

export class RecordingLog implements Log {
  readonly lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  debug(message: string, fields?: Record<string, unknown>) { this.lines.push({ level: "debug", message, fields }); }
  info(message: string, fields?: Record<string, unknown>) { this.lines.push({ level: "info", message, fields }); }
  warn(message: string, fields?: Record<string, unknown>) { this.lines.push({ level: "warn", message, fields }); }
  error(message: string, fields?: Record<string, unknown>) { this.lines.push({ level: "error", message, fields }); }
}

type SetupOptions = {
  /** OCPP keys as station.json would set them, e.g. { LocalPreAuthorize: "true" }. */
  keys?: Record<string, string>;
  isOnline?: boolean;
  /** What the Central System answers to Authorize.req, per idTag (upper-cased); unknown tags are Invalid. */
  answers?: Record<string, IdTagInfo>;
  localList?: MemoryLocalAuthList;
  cache?: AuthCacheStore;
  maxCacheEntries?: number;
  /** The firmware's keys by default. */
  keyTable?: KeyTable;
};

export function setup(options: SetupOptions = {}) {
  const clock = new FakeClock("2025-06-01T08:00:00Z");
  const answers = options.answers ?? {};
  const csms = new FakeCentralSystem(clock, (action, payload) => {
    if (action !== "Authorize") throw new Error(`unexpected ${action}`);
    const idTag = (payload as { idTag: string }).idTag;
    return { kind: "ok", payload: { idTagInfo: answers[idTagKey(idTag)] ?? { status: "Invalid" } } };
  });
  if (options.isOnline ?? true) csms.connect();
  const configuration = new Configuration({ keys: options.keyTable ?? stationKeys, overrides: options.keys ?? {}, store: new MemoryConfigurationStore() });
  const memoryCache = new MemoryAuthCacheStore(() => clock.now());
  const cache = options.cache ?? memoryCache;
  const log = new RecordingLog();
  const authorizer = new Authorizer({ csms, clock, configuration, cache, log, sources: options.localList ? [options.localList] : [], maxCacheEntries: options.maxCacheEntries });
  return { clock, csms, configuration, cache, memoryCache, log, authorizer, answers };
}

export const cacheOn = { AuthorizationCacheEnabled: "true" };

/** Makes every CALL end with `outcome` (a CALLERROR, a timeout, ...). */
export function failCalls(csms: FakeCentralSystem, outcome: CallOutcome<never>): void {
  csms.respond = () => outcome;
}

export function inMinutes(clock: FakeClock, minutes: number): string {
  return new Date(clock.now().getTime() + minutes * 60_000).toISOString();
}
