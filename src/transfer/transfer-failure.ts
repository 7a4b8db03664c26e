/** Why a transfer failed, in kinds a status and a log line can name. */
export type TransferFailureKind =
  | "unsupported"
  | "unreachable"
  | "refused"
  /** The server refused the credentials (HTTP 401/403, FTP 530): GetLog's PermissionDenied. */
  | "denied"
  | "tls"
  | "stalled"
  | "tooLarge"
  | "wrongSize"
  | "redirects"
  | "diskFull"
  | "cancelled"
  | "protocol";

/** A failed download or upload; the message says what happened without the location's credentials. */
export class TransferFailure extends Error {
  constructor(
    readonly kind: TransferFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TransferFailure";
  }
}

const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO|TLS|SSL|HOSTNAME|ALTNAME|ISSUER|SIGNATURE|DEPTH_ZERO/;
const unreachableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ETIMEDOUT", "ConnectionRefused", "ConnectionClosed", "FailedToOpenSocket"]);

/** Any error of a transfer as a TransferFailure: TLS problems, unreachable hosts, a full disk named as such. */
export function asTransferFailure(error: unknown, what: string): TransferFailure {
  if (error instanceof TransferFailure) return error;
  const code = String((error as { code?: unknown } | undefined)?.code ?? "");
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ENOSPC" || /no space left/i.test(message)) return new TransferFailure("diskFull", `${what}: the disk is full`, { cause: error });
  if (tlsCodes.test(code)) return new TransferFailure("tls", `${what}: TLS: ${code}`, { cause: error });
  if (unreachableCodes.has(code)) return new TransferFailure("unreachable", `${what}: ${code}`, { cause: error });
  if (error instanceof Error && error.name === "AbortError") return new TransferFailure("cancelled", `${what}: cancelled`, { cause: error });
  return new TransferFailure("protocol", `${what}: ${code ? `${code}: ` : ""}${message}`, { cause: error });
}
