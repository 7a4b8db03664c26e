import type { ChangeResult, KeyValue } from "./configuration/configuration.ts";
import type { Availability } from "./ports.ts";

/** What the Central System's requests may ask of the station; handlers see nothing else. */
export interface StationApi {
  readonly numberOfConnectors: number;
  readConfiguration(keys?: readonly string[]): { configurationKey: KeyValue[]; unknownKey: string[] };
  /** GetConfigurationMaxKeys: more keys in one request is an OccurenceConstraintViolation. */
  readonly maxConfigurationKeys: number;
  changeConfiguration(key: string, value: string): ChangeResult;
  remoteStart(idTag: string, connectorId: number | undefined): "Accepted" | "Rejected";
  remoteStop(transactionId: number): "Accepted" | "Rejected";
  changeAvailability(connectorId: number, availability: Availability): "Accepted" | "Rejected" | "Scheduled";
  clearCache(): "Accepted" | "Rejected";
  /** C§5.14: accepted now, carried out after the answer has left. */
  scheduleReset(type: "Hard" | "Soft"): boolean;
}
