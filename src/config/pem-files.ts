import type { KeyObject, X509Certificate } from "node:crypto";
import { nodeCrypto } from "../built-ins.ts";
import { readFileSync, statSync } from "node:fs";

export type SecurityFiles = { caFile?: string; certFile?: string; keyFile?: string };

/** Far more than a certificate chain or a key; keeps a path like /dev/zero from being read forever. */
const maxPemBytes = 1024 * 1024;
const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const privateKeyBlock = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/;

/**
 * S§2: the files of security profiles 2 and 3 must hold what TLS needs, checked before anything
 * starts: caFile and certFile PEM certificates, keyFile an unencrypted PEM private key that belongs
 * to certFile's (first) certificate. One `centralSystem.<field>: <reason>` per problem.
 */
export function securityFileProblems(files: SecurityFiles): string[] {
  const problems: string[] = [];
  const report = (field: keyof SecurityFiles, reason: string) => problems.push(`centralSystem.${field}: ${reason}`);
  const read = (field: keyof SecurityFiles) => readPem(files[field], (reason) => report(field, reason));
  const ca = read("caFile");
  if (ca !== undefined) certificatesIn(ca, files.caFile!, (reason) => report("caFile", reason));
  const certText = read("certFile");
  const certificate = certText === undefined ? undefined : certificatesIn(certText, files.certFile!, (reason) => report("certFile", reason))[0];
  const keyText = read("keyFile");
  const key = keyText === undefined ? undefined : privateKeyIn(keyText, files.keyFile!, (reason) => report("keyFile", reason));
  if (certificate && key && !certificate.checkPrivateKey(key)) {
    report("keyFile", `the private key in ${files.keyFile} does not belong to the certificate in ${files.certFile}`);
  }
  return problems;
}

/** A file that must hold PEM CA certificates (e.g. `fileTransfer.caFile`): one `<field>: <reason>` per problem. */
export function caFileProblems(field: string, path: string | undefined): string[] {
  const problems: string[] = [];
  const report = (reason: string) => problems.push(`${field}: ${reason}`);
  const text = readPem(path, report);
  if (text !== undefined) certificatesIn(text, path!, report);
  return problems;
}

/** The text of a PEM file, or undefined with the reason reported (no path: nothing to read, nothing reported). */
function readPem(path: string | undefined, report: (reason: string) => void): string | undefined {
  if (path === undefined) return undefined;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return void report(`${path} is not a regular file`);
    if (stats.size > maxPemBytes) return void report(`${path} is larger than ${maxPemBytes / 1024} kB: not a PEM file`);
    return readFileSync(path, "latin1");
  } catch (error) {
    report(`cannot read ${path}: ${readFailure(error)}`);
  }
}

/** Why a file could not be read, in words: "file not found", "permission denied", … */
export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "file not found" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "is a directory" : String(error);
}

function certificatesIn(text: string, path: string, report: (reason: string) => void): X509Certificate[] {
  const blocks = text.match(certificateBlock) ?? [];
  if (blocks.length === 0) report(`${path} is not a PEM certificate file: it holds no "-----BEGIN CERTIFICATE-----" block`);
  const certificates: X509Certificate[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      certificates.push(new (nodeCrypto().X509Certificate)(block));
    } catch (error) {
      report(`certificate ${index + 1} in ${path} cannot be read: ${(error as Error).message}`);
    }
  }
  return certificates;
}

function privateKeyIn(text: string, path: string, report: (reason: string) => void): KeyObject | undefined {
  const block = privateKeyBlock.exec(text)?.[0];
  if (block === undefined) return void report(`${path} is not a PEM private key file: it holds no "-----BEGIN PRIVATE KEY-----" block`);
  try {
    return nodeCrypto().createPrivateKey(block);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MISSING_PASSPHRASE") return void report(`the private key in ${path} is encrypted; the station needs it without a passphrase`);
    report(`the private key in ${path} cannot be read: ${(error as Error).message}`);
  }
}
