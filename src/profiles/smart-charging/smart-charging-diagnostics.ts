import type { ProfileDiagnostics } from "../profile.ts";
import type { AppliedLimit } from "./applied-limits.ts";
import type { LimitSource } from "./charging-limit.ts";
import type { InstalledProfile } from "./composite-schedule.ts";
import type { SmartCharging } from "./smart-charging.ts";

const title = "Smart charging";

/** Each connector's limit now, where it comes from and its next change; then the installed profiles. */
export function limitsDiagnostics(service: SmartCharging): ProfileDiagnostics {
  const limits = service.limitsNow();
  const connectors = [...limits].map(([connectorId, applied]) => ({ connectorId, ...limitData(applied) }));
  const lines = [...limits].flatMap(([connectorId, applied]) => limitLines(connectorId, applied));
  const stored = storedProfilesDiagnostics(service.profiles);
  return { title, lines: [...lines, ...stored.lines], data: { connectors, ...stored.data } };
}

/** A stopped station limits nothing: what is installed, by purpose. */
export function storedProfilesDiagnostics(profiles: readonly InstalledProfile[]): ProfileDiagnostics {
  const byPurpose = new Map<string, number>();
  for (const { profile } of profiles) byPurpose.set(profile.chargingProfilePurpose, (byPurpose.get(profile.chargingProfilePurpose) ?? 0) + 1);
  const parts = [...byPurpose].map(([purpose, count]) => `${count} ${purpose}`);
  const installed = profiles.map(({ connectorId, profile }) => ({ chargingProfileId: profile.chargingProfileId, connectorId, purpose: profile.chargingProfilePurpose, stackLevel: profile.stackLevel }));
  return { title, lines: [`${profiles.length} profile${profiles.length === 1 ? "" : "s"} installed${parts.length ? ` (${parts.join(", ")})` : ""}`], data: { installed } };
}

/** Two lines that fit the 80 columns of the summary: the limit and its source, then what comes next. */
function limitLines(connectorId: number, applied: AppliedLimit): string[] {
  const next = applied.nextChange ? `${applied.nextChange.limitA.toFixed(1)} A from ${applied.nextChange.at.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z")}` : "no change within 24 h";
  return [`connector ${connectorId}  ${applied.limitA.toFixed(1)} A  ${sourceText(applied.source)}`, `             ${applied.isShared ? "shared; " : ""}${next}`];
}

function sourceText(source: LimitSource): string {
  if (source.kind === "hardware") return "the connector's rating";
  return `profile ${source.chargingProfileId} ${source.purpose} at ${source.startPeriod} s`;
}

function limitData(applied: AppliedLimit) {
  return {
    limitA: applied.limitA,
    source: applied.source,
    isShared: applied.isShared,
    nextChange: applied.nextChange ? { at: applied.nextChange.at.toISOString(), limitA: applied.nextChange.limitA } : null,
  };
}
