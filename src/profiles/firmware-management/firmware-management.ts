import type { ProfileContext } from "../profile.ts";
import { DiagnosticsUpload } from "./diagnostics-upload.ts";
import { FirmwareRepo } from "./firmware-repo.ts";
import { FirmwareUpdate } from "./firmware-update.ts";

/** The profile's service: the firmware update and the diagnostics upload, each with its row in the database. */
export class FirmwareManagement {
  readonly update: FirmwareUpdate;
  readonly diagnostics: DiagnosticsUpload;

  constructor(readonly context: ProfileContext) {
    const repo = new FirmwareRepo(context.database);
    this.update = new FirmwareUpdate(context, repo);
    this.diagnostics = new DiagnosticsUpload(context, repo);
  }

  start(): void {
    this.diagnostics.start();
    this.update.start();
  }

  stop(): void {
    this.update.stop();
    this.diagnostics.stop();
  }
}
