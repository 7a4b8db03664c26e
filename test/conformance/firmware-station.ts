/**
 * What the Firmware Management cases add to the harness: the station installed as a copy an update
 * may replace, a loopback file server, and the update's view through diag.
 */
import { existsSync, statSync } from "node:fs";
import { diagJson } from "../support/binary.ts";
import { eventually } from "../support/eventually.ts";
import { FileServer, FtpServer } from "../support/file-servers.ts";
import { installedCopy } from "../support/firmware-images.ts";
import { call, ConformanceStation, type StartOptions } from "./harness.ts";

export type FirmwarePart = {
  version: string;
  build: string;
  executable: string | null;
  pid?: number;
  previous: { path: string; version: string | null } | null;
  trial: { version: string; staged: string; deadlineAt: string; watchdogPid: number | null } | null;
  update: { stage: string; outcome: string | null; reason: string | null; lastStatus: string | null; imageVersion: string | null; location: string; requestId: number | null; isSigned: boolean } | null;
  diagnosticsUpload: { fileName: string; status: string; reason: string | null } | null;
};

export type FirmwareReport = { running: boolean; version: string; build: string; profiles: { FirmwareManagement: { lines: string[]; data: FirmwarePart } } };

/** A station running from its own installed copy, FirmwareBootTimeout short enough for a case (TC_044, TC_045: no manufacturer root, so UpdateFirmware is served). */
export async function installedStation(options: StartOptions = {}): Promise<ConformanceStation> {
  const executable = installedCopy();
  return ConformanceStation.start({ ...options, executable, ocpp: { FirmwareBootTimeout: 20, ...options.ocpp } });
}

export const fileServers: FileServer[] = [];

/** An HTTP file server on loopback, stopped after the case. */
export function fileServer(): FileServer {
  const server = new FileServer().start();
  fileServers.push(server);
  return server;
}

const ftpServers: FtpServer[] = [];

/** An FTP server over `root` (user station / s3cret, and anonymous), stopped after the case. */
export async function ftpServer(root: string): Promise<FtpServer> {
  const server = await new FtpServer(root, "station", "s3cret", true).start();
  ftpServers.push(server);
  return server;
}

export async function stopFileServers(): Promise<void> {
  for (const server of fileServers.splice(0)) server.stop();
  for (const server of ftpServers.splice(0)) await server.stop();
}

export async function firmwareReport(station: ConformanceStation): Promise<FirmwareReport> {
  return diagJson<FirmwareReport>(station.config, station.cwd);
}

/** Waits for the FirmwareStatusNotification with this status after `since`. */
export function firmwareStatus(station: ConformanceStation, status: string, since: number, timeoutMs = 30_000) {
  return station.waitFor(call("FirmwareStatusNotification", { status }), since, timeoutMs);
}

/** The FirmwareStatusNotification statuses since `since`, in order. */
export function firmwareStatuses(station: ConformanceStation, since: number): string[] {
  return station.callsSince(since).filter((c) => c.action === "FirmwareStatusNotification").map((c) => c.payload.status);
}

/**
 * Waits until diag shows a running station with this build and the update finished, and adopts the
 * process (a watchdog may have started it), so the case stops it at the end.
 */
export async function untilRunning(station: ConformanceStation, build: string, timeoutMs = 40_000): Promise<FirmwareReport> {
  const report = await eventually(
    () => firmwareReport(station).catch(() => undefined),
    (r) => r?.running === true && r.build === build && r.profiles.FirmwareManagement.data.update?.stage === "finished",
    `a running station of build ${build} with the update finished`,
    timeoutMs,
  );
  const pid = report!.profiles.FirmwareManagement.data.pid;
  if (pid !== undefined) station.adopt(pid);
  return report!;
}

export function inode(path: string): number | undefined {
  return existsSync(path) ? statSync(path).ino : undefined;
}

/** Waits for the SignedFirmwareStatusNotification with this status after `since`. */
export function signedFirmwareStatus(station: ConformanceStation, status: string, since: number, timeoutMs = 30_000) {
  return station.waitFor(call("SignedFirmwareStatusNotification", { status }), since, timeoutMs);
}

/** The SignedFirmwareStatusNotification payloads since `since`, in order. */
export function signedFirmwareStatuses(station: ConformanceStation, since: number): { status: string; requestId?: number }[] {
  return station.callsSince(since).filter((c) => c.action === "SignedFirmwareStatusNotification").map((c) => c.payload);
}
