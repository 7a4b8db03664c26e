import { existsSync } from "node:fs";
import { hideCredentials } from "../../transfer/transfer-location.ts";
import { buildCommit, firmwareVersion } from "../../version.ts";
import type { ProfileDiagnostics } from "../profile.ts";
import { besideExecutable } from "./executable-files.ts";
import type { UpdateRecord, UploadRecord } from "./firmware-repo.ts";
import type { InstallJournal } from "./install-journal.ts";

export type FirmwareFacts = {
  isRunning: boolean;
  /** The installed executable's path; undefined from source. */
  executable: string | undefined;
  trial: InstallJournal | undefined;
  /** Why the station is held out of service, while it is. */
  holdReason: string | undefined;
  update: UpdateRecord | undefined;
  upload: UploadRecord | undefined;
};

const at = (date: Date | string) => new Date(date).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");

/** diag's "Firmware" part: which executable runs, the previous one kept, the update and the diagnostics upload. */
export function firmwareDiagnostics(facts: FirmwareFacts): ProfileDiagnostics {
  const { executable, trial, update, upload } = facts;
  const previous = executable === undefined ? undefined : besideExecutable(executable).previous;
  const hasPrevious = previous !== undefined && existsSync(previous);
  const running = facts.isRunning ? `running ${firmwareVersion} (${buildCommit})` : `installed ${firmwareVersion} (${buildCommit})`;
  const lines = [
    `${running} ${trial ? `on trial from ${trial.staged}, until ${at(trial.deadlineAt)}` : `from ${executable ?? "source (not installed)"}`}`,
    ...(hasPrevious ? [`previous kept: ${previous}${update?.fromVersion ? ` (${update.fromVersion})` : ""}`] : []),
    ...(update ? [`update: ${updateLine(update, facts.holdReason)}`] : []),
    ...(upload ? [`diagnostics: ${upload.status} ${upload.fileName} at ${at(upload.updatedAt)}${upload.reason ? `: ${upload.reason}` : ""}`] : []),
  ];
  const data = {
    version: firmwareVersion,
    build: buildCommit,
    executable: executable ?? null,
    ...(facts.isRunning ? { pid: process.pid } : {}),
    previous: hasPrevious ? { path: previous, version: update?.fromVersion ?? null } : null,
    trial: trial ? { version: trial.to.version, staged: trial.staged, deadlineAt: trial.deadlineAt, watchdogPid: trial.watchdogPid } : null,
    update: update ? storedUpdate(update) : null,
    diagnosticsUpload: upload ?? null,
  };
  return { title: "Firmware", lines, data };
}

/** The stored row for --json: the location without credentials, a signed update's certificate and signature only said to be there. */
function storedUpdate(update: UpdateRecord) {
  const { signingCertificate, signature, ...rest } = update;
  return { ...rest, location: hideCredentials(update.location), isSigned: signingCertificate !== null && signature !== null };
}

function updateLine(update: UpdateRecord, holdReason: string | undefined): string {
  const signed = update.requestId === null ? "" : `signed (requestId ${update.requestId}): `;
  return signed + stageLine(update, holdReason);
}

function stageLine(update: UpdateRecord, holdReason: string | undefined): string {
  const location = hideCredentials(update.location);
  const attempts = update.retries + 1;
  switch (update.stage) {
    case "scheduled":
      return update.failedAttempts === 0
        ? `download of ${location} scheduled for ${at(update.retrieveDate)}`
        : `download attempt ${update.failedAttempts + 1} of ${attempts} at ${at(update.nextAttemptAt)} (${location})`;
    case "downloading":
      return `downloading ${location} (attempt ${update.failedAttempts + 1} of ${attempts})`;
    case "downloaded":
      if (update.lastStatus === "InstallScheduled" && update.installAt) return `${update.imageVersion ?? "image"} downloaded and verified; installation scheduled for ${at(update.installAt)}`;
      return `${update.imageVersion ?? "image"} downloaded; ${holdReason ? "out of service, waiting for the transactions to end" : "installing next"}`;
    case "installing":
      return `installing ${update.imageVersion ?? ""}`.trim();
    case "finished":
      return `${update.outcome} ${update.outcome === "Installed" ? (update.imageVersion ?? "") : ""} at ${at(update.updatedAt)}${update.reason ? `: ${update.reason}` : ""}`.replace(/ {2,}/g, " ");
  }
}
