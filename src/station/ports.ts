import type { Action, RequestOf, ResponseOf } from "../messages/index.ts";
import type { MeterValuesRequest } from "../messages/meter-values.ts";
import type { StartTransactionRequest } from "../messages/start-transaction.ts";
import type { Reason, StopTransactionRequest } from "../messages/stop-transaction.ts";

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

/**
 * Whether the station's storage can take new records. While it is full the station refuses new
 * transactions, still records the stop of running ones (from space kept in reserve), and says so.
 */
export interface StorageHealth {
  readonly isFull: boolean;
  onChanged(listener: (isFull: boolean) => void): () => void;
}

export type Availability = "Operative" | "Inoperative";

/** ChangeAvailability survives reboots (C§5.2); connector 0 is the whole station. */
export interface AvailabilityStore {
  load(): Map<number, { availability: Availability; scheduled?: Availability }>;
  save(connectorId: number, availability: Availability, scheduled: Availability | undefined): void;
}

/**
 * A message that must reach the Central System, whatever happens to power or network (C§3.7): the
 * transaction messages, and those a profile registers a delivery rule for.
 */
export type DurableMessage = { [A in Action]: { action: A; payload: RequestOf<A> } }[Action];

export type TransactionMessage = Extract<DurableMessage, { action: "StartTransaction" | "StopTransaction" | "MeterValues" }>;

/** A queued message; `localTxId` ties it to its transaction so the transactionId can be filled in when sent. */
export type QueuedMessage = DurableMessage & { seq: number; localTxId: number | null; attempts: number; createdAt: Date };

/** What the Central System's answer to a queued message leaves for the outbox to record. */
export type Delivered = {
  /** A StartTransaction's transactionId, recorded in the same commit that removes the message. */
  transactionId?: number;
  /** The message's rule says a second delivery does no harm (DeliveryRule.repeatable). */
  repeatable?: boolean;
};

/** The one durable queue of the station, delivered in order, oldest first. */
export interface Outbox {
  /** Durable before it returns. */
  append(message: DurableMessage, localTxId: number | null): QueuedMessage;
  peek(): QueuedMessage | undefined;
  /** The Central System answered: removed. A repeatable message's removal may wait for a later fsync (OutboxRepo). */
  delivered(seq: number, answer?: Delivered): void;
  /** A delivery attempt failed (CALLERROR or no answer); returns the attempts made so far. */
  countAttempt(seq: number): number;
  /** Given up after its last allowed attempt. */
  discard(seq: number): void;
  /** The Central System's id of a transaction, once its StartTransaction was answered. */
  transactionIdOf(localTxId: number): number | undefined;
  stats(): { pending: number; oldestCreatedAt: Date | undefined };
}

/** A transaction as the store keeps it while it runs. */
export type OpenTransaction = {
  localTxId: number;
  connectorId: number;
  idTag: string;
  parentIdTag?: string;
  reservationId?: number;
  meterStartWh: number;
  startedAt: Date;
  transactionId?: number;
  lastMeterWh: number;
  lastMeterAt: Date;
};

export type NewTransaction = Pick<OpenTransaction, "connectorId" | "idTag" | "parentIdTag" | "reservationId" | "meterStartWh" | "startedAt">;

/** Transactions and their messages, each change durable in one commit with the message it causes. */
export interface TransactionStore {
  /** Records the transaction and queues its StartTransaction. */
  begin(transaction: NewTransaction, startTransaction: StartTransactionRequest): OpenTransaction;
  /** Records the stop and queues its StopTransaction (transactionId is filled in when sent). */
  end(localTxId: number, stop: { at: Date; meterStopWh: number; reason: Reason }, stopTransaction: StopTransactionRequest): void;
  /** Keeps the last register reading, so a power loss can still be billed; queues MeterValues when given. */
  recordMeter(localTxId: number, energyWh: number, at: Date, meterValues?: MeterValuesRequest): void;
  /** Transactions not stopped yet (after a power loss: the ones to stop with PowerLoss). */
  open(): OpenTransaction[];
}
