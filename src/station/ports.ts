import type { Action, RequestOf, ResponseOf } from "../ocpp/schemas/index.ts";

/** Time as the domain sees it; tests drive it with a FakeClock. */
export interface Clock {
  now(): Date;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** Where values the Central System changed are kept; `save` is durable before it returns. */
export interface ConfigurationStore {
  loadAll(): Map<string, string>;
  save(key: string, value: string): void;
}

/** A clock the Central System may set (BootNotification / Heartbeat currentTime). */
export interface AdjustableClock extends Clock {
  /** Makes `now()` read `to` from here on; pending timers keep their delays. */
  adjust(to: Date): void;
}

/** How a CALL to the Central System ended; a "no" from the other side is data, not an exception. */
export type CallOutcome<Res> =
  | { kind: "ok"; payload: Res }
  | { kind: "callError"; code: string; description: string }
  | { kind: "timeout" }
  | { kind: "offline" };

/** The Central System as the station sees it: CALLs out, and whether the link is up. */
export interface CentralSystem {
  readonly isConnected: boolean;
  call<A extends Action>(action: A, payload: RequestOf<A>): Promise<CallOutcome<ResponseOf<A>>>;
  onConnected(listener: () => void): () => void;
  onDisconnected(listener: () => void): () => void;
}

/** One line per event (src/log/logger.ts implements it). */
export interface Log {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** C§7.2 AuthorizationStatus and C§7.27 IdTagInfo, as the Central System sends them. */
export type AuthorizationStatus = "Accepted" | "Blocked" | "Expired" | "Invalid" | "ConcurrentTx";
export type IdTagInfo = { status: AuthorizationStatus; expiryDate?: string; parentIdTag?: string };

/** A cached idTag (C§3.5.1); `idTag` is compared case-insensitively. */
export type CachedIdTag = { idTag: string; status: AuthorizationStatus; expiryDate?: Date; parentIdTag?: string; updatedAt: Date };

/** The authorization cache, non-volatile (E3.4). */
export interface AuthCacheStore {
  get(idTag: string): CachedIdTag | undefined;
  put(entry: CachedIdTag): void;
  /** Removes entries until at most `maxEntries` remain: not-valid ones first, then the oldest valid ones. */
  trim(maxEntries: number): void;
  clear(): void;
}

/** The Local Authorization List as authorization sees it (filled by SendLocalList in its own issue). */
export interface LocalAuthList {
  readonly isEnabled: boolean;
  lookup(idTag: string): IdTagInfo | undefined;
}

export type Availability = "Operative" | "Inoperative";

/** ChangeAvailability survives reboots (C§5.2); connector 0 is the whole station. */
export interface AvailabilityStore {
  load(): Map<number, { availability: Availability; scheduled?: Availability }>;
  save(connectorId: number, availability: Availability, scheduled: Availability | undefined): void;
}
