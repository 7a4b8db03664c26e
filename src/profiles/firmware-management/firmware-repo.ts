import { eq } from "drizzle-orm";
import type { DiagnosticsStatus } from "../../messages/diagnostics-status-notification.ts";
import type { FirmwareStatus } from "../../messages/firmware-status-notification.ts";
import type { SignedFirmwareStatus } from "../../messages/signed-firmware-status-notification.ts";
import { inStore, type StoreDb } from "../../store/db.ts";
import { diagnosticsUpload, firmwareUpdate } from "./schema.ts";

export type UpdateStage = "scheduled" | "downloading" | "downloaded" | "installing" | "finished";
export type UpdateOutcome = Extract<SignedFirmwareStatus, "Installed" | "DownloadFailed" | "InstallationFailed" | "InstallVerificationFailed" | "InvalidSignature">;
/** What an update reports: a legacy one FirmwareStatusNotification, a signed one SignedFirmwareStatusNotification (its statuses include the legacy ones). */
export type UpdateStatus = FirmwareStatus | SignedFirmwareStatus;

/** The latest UpdateFirmware or SignedUpdateFirmware and where it stands (schema.ts). */
export type UpdateRecord = Omit<typeof firmwareUpdate.$inferSelect, "id" | "stage" | "lastStatus" | "outcome"> & {
  stage: UpdateStage;
  lastStatus: UpdateStatus | null;
  outcome: UpdateOutcome | null;
};

export type UploadRecord = Omit<typeof diagnosticsUpload.$inferSelect, "id" | "status"> & { status: Exclude<DiagnosticsStatus, "Idle"> };

/** The profile's two rows in the station's database, for the services and for diag when the station is stopped. */
export class FirmwareRepo {
  constructor(private readonly db: StoreDb) {}

  update(): UpdateRecord | undefined {
    return inStore(this.db, "firmware update: reading", () => this.db.select().from(firmwareUpdate).where(eq(firmwareUpdate.id, 1)).get()) as UpdateRecord | undefined;
  }

  saveUpdate(record: UpdateRecord): void {
    inStore(this.db, "firmware update: saving", () =>
      this.db.insert(firmwareUpdate).values({ id: 1, ...record }).onConflictDoUpdate({ target: firmwareUpdate.id, set: record }).run(),
    );
  }

  upload(): UploadRecord | undefined {
    return inStore(this.db, "diagnostics upload: reading", () => this.db.select().from(diagnosticsUpload).where(eq(diagnosticsUpload.id, 1)).get()) as UploadRecord | undefined;
  }

  saveUpload(record: UploadRecord): void {
    inStore(this.db, "diagnostics upload: saving", () =>
      this.db.insert(diagnosticsUpload).values({ id: 1, ...record }).onConflictDoUpdate({ target: diagnosticsUpload.id, set: record }).run(),
    );
  }
}
