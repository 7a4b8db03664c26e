/**
 * The Security extension's part of SignedUpdateFirmware (SPEC-DIGEST §17.7, L01): the answer before
 * anything is downloaded, and the verdict on a downloaded image. The Firmware Management profile runs
 * the download, install, restart and rollback around it (the seam's firmwareUpdater).
 */
import { createReadStream } from "node:fs";
import type { SignedUpdateFirmwareRequest } from "../../messages/signed-update-firmware.ts";
import type { RunningFirmwareUpdate, SignedFirmwareOrder } from "../../station/hooks.ts";
import { parsePemCertificates } from "./pki/certificate-pem.ts";
import { checkSigningCertificate, verifyFirmwareSignature } from "./pki/firmware-signature.ts";
import type { Certificate } from "./pki/x509.ts";
import type { SecurityEventType } from "./security-event-types.ts";

export type SecurityEventToRaise = { type: SecurityEventType; techInfo: string };

export type SignedUpdateAnswer =
  | { status: "InvalidCertificate"; event: SecurityEventToRaise }
  | { status: "Rejected"; reason: string }
  | { status: "Accepted" | "AcceptedCanceled" };

/**
 * Before answering: L01.FR.23 the signing certificate against the installed ManufacturerRootCertificate(s)
 * (InvalidCertificate with InvalidFirmwareSigningCertificate); then L01.FR.26–27 an update under way is
 * cancelled (AcceptedCanceled, without first looking at the new file) or, past cancelling, Rejected.
 */
export async function answerSignedUpdate(
  request: SignedUpdateFirmwareRequest,
  situation: { manufacturerRoots: readonly Certificate[]; now: Date; running: RunningFirmwareUpdate },
): Promise<SignedUpdateAnswer> {
  const checked = await checkSigningCertificate(request.firmware.signingCertificate, situation.manufacturerRoots, situation.now);
  if (!checked.ok) return { status: "InvalidCertificate", event: { type: "InvalidFirmwareSigningCertificate", techInfo: checked.reason } };
  if (situation.running === "notCancellable") return { status: "Rejected", reason: "an update is installing and cannot be cancelled" };
  return { status: situation.running === "cancellable" ? "AcceptedCanceled" : "Accepted" };
}

/**
 * L01.FR.04, .12 after the download: the signature over the whole downloaded file (LAB-INTERFACE.md),
 * read in chunks, by the signing certificate's key; a "no" is InvalidFirmwareSignature and nothing is installed.
 */
export async function verifyImageFile(order: SignedFirmwareOrder, imagePath: string): Promise<{ ok: true; scheme: string } | { ok: false; event: SecurityEventToRaise }> {
  const parsed = parsePemCertificates(order.signingCertificatePem, 1);
  const verified = parsed.ok
    ? await verifyFirmwareSignature(parsed.certificates[0]!, order.signatureBase64, fileChunks(imagePath))
    : { ok: false as const, reason: `the signing certificate: ${parsed.reason}` };
  return verified.ok ? verified : { ok: false, event: { type: "InvalidFirmwareSignature", techInfo: verified.reason } };
}

/**
 * The file's bytes, opened only once the check reads them: a signature refused before (not base64, a key
 * that cannot sign firmware) must not leave a stream holding the file open, whose late error (the file
 * deleted meanwhile) nobody would listen to. Ending the iteration early closes the stream.
 */
async function* fileChunks(path: string): AsyncIterable<Uint8Array> {
  yield* createReadStream(path);
}
