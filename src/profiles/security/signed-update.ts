/**
 * The Security extension's part of SignedUpdateFirmware (SPEC-DIGEST §17.7, L01), pure: the answer
 * before anything is downloaded, the verdict on a downloaded image, and the status a trigger reports.
 * The Firmware Management profile runs the download, install, restart and rollback around it.
 */
import type { SignedFirmwareStatusNotificationRequest } from "../../messages/signed-firmware-status-notification.ts";
import type { SignedUpdateFirmwareRequest } from "../../messages/signed-update-firmware.ts";
import { checkSigningCertificate, type ImageBytes, verifyFirmwareSignature } from "./pki/firmware-signature.ts";
import type { Certificate } from "./pki/x509.ts";
import type { SecurityEventType } from "./security-event-types.ts";

export type SecurityEventToRaise = { type: SecurityEventType; techInfo: string };

/** Where an update already under way stands: none, one that can still be cancelled, or one past that (installing). */
export type RunningUpdate = "none" | "cancellable" | "notCancellable";

export type SignedUpdateAnswer =
  | { status: "InvalidCertificate"; event: SecurityEventToRaise }
  | { status: "Rejected"; reason: string }
  | { status: "Accepted" | "AcceptedCanceled"; signingCertificate: Certificate };

/**
 * Before answering: L01.FR.23 the signing certificate against the installed ManufacturerRootCertificate(s)
 * (InvalidCertificate with InvalidFirmwareSigningCertificate); then L01.FR.26–27 an update under way is
 * cancelled (AcceptedCanceled, without first looking at the new file) or, past cancelling, Rejected.
 */
export async function answerSignedUpdate(
  request: SignedUpdateFirmwareRequest,
  situation: { manufacturerRoots: readonly Certificate[]; now: Date; running: RunningUpdate },
): Promise<SignedUpdateAnswer> {
  const checked = await checkSigningCertificate(request.firmware.signingCertificate, situation.manufacturerRoots, situation.now);
  if (!checked.ok) return { status: "InvalidCertificate", event: { type: "InvalidFirmwareSigningCertificate", techInfo: checked.reason } };
  if (situation.running === "notCancellable") return { status: "Rejected", reason: "an update is installing and cannot be cancelled" };
  return { status: situation.running === "cancellable" ? "AcceptedCanceled" : "Accepted", signingCertificate: checked.certificate };
}

export type ImageVerdict =
  | { status: "InvalidSignature"; event: SecurityEventToRaise }
  | { status: "SignatureVerified"; then: { status: "InstallScheduled"; at: Date } | { status: "Install" } };

/**
 * L01.FR.04, .12 after the download: the signature over the whole image (LAB-INTERFACE.md) decides
 * SignatureVerified or InvalidSignature (with InvalidFirmwareSignature, nothing installed); a verified
 * image with an installDateTime still ahead is InstallScheduled until then, else it is installed now.
 */
export async function verifyDownloadedImage(request: SignedUpdateFirmwareRequest, signingCertificate: Certificate, image: ImageBytes, now: Date): Promise<ImageVerdict> {
  const verified = await verifyFirmwareSignature(signingCertificate, request.firmware.signature, image);
  if (!verified.ok) return { status: "InvalidSignature", event: { type: "InvalidFirmwareSignature", techInfo: verified.reason } };
  const installAt = request.firmware.installDateTime === undefined ? undefined : new Date(request.firmware.installDateTime);
  return { status: "SignatureVerified", then: installAt && installAt.getTime() > now.getTime() ? { status: "InstallScheduled", at: installAt } : { status: "Install" } };
}

/**
 * L01.FR.28–29 (ExtendedTriggerMessage FirmwareStatusNotification): Idle when the last status sent was
 * Installed or none was ever sent [impl], else the last one with its requestId (L01.FR.21).
 */
export function triggeredSignedFirmwareStatus(lastSent: { status: SignedFirmwareStatusNotificationRequest["status"]; requestId: number } | undefined): SignedFirmwareStatusNotificationRequest {
  if (lastSent === undefined || lastSent.status === "Installed") return { status: "Idle" };
  return { status: lastSent.status, requestId: lastSent.requestId };
}
