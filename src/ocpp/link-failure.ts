/** Why a connection attempt failed or a connection ended, in words for the log and diagnostics. */
export type LinkFailureKind =
  | "dnsFailure"
  | "connectionRefused"
  | "tlsError"
  | "credentialsRejected"
  | "httpStatus"
  | "handshakeTimeout"
  | "subprotocolRefused"
  | "deadLink"
  | "networkError"
  | "closedByServer"
  | "closedLocally"
  | "securitySettings";

export type LinkFailure = { kind: LinkFailureKind; message: string; at: Date; statusCode?: number; closeCode?: number };
export type LinkFailureInfo = Omit<LinkFailure, "at">;

const tlsCodePattern = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME_MISMATCH/;
const tlsMessagePattern = /certificate|SSL|TLS|handshake failure/i;

/** Classifies an `error` event of the WebSocket client (Bun's ws shim or ws on Node). */
export function classifyError(error: unknown, handshakeTimeoutMs: number): LinkFailureInfo {
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : "";
  const text = error instanceof Error ? error.message : String(error);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /getaddrinfo|DNS/i.test(text)) {
    return { kind: "dnsFailure", message: `DNS lookup failed: ${text}` };
  }
  if (code === "ECONNREFUSED") return { kind: "connectionRefused", message: `connection refused: ${text}` };
  if (/subprotocol/i.test(text)) return subprotocolRefused(text);
  if (/handshake has timed out/i.test(text)) {
    return { kind: "handshakeTimeout", message: `no WebSocket handshake answer within ${handshakeTimeoutMs} ms` };
  }
  if (tlsCodePattern.test(code) || tlsMessagePattern.test(text)) {
    return { kind: "tlsError", message: `TLS / certificate error: ${text}${code === "" ? "" : ` (${code})`}` };
  }
  return { kind: "networkError", message: `network error: ${text}${code === "" ? "" : ` (${code})`}` };
}

export function httpFailure(statusCode: number): LinkFailureInfo {
  if (statusCode === 401) {
    return { kind: "credentialsRejected", statusCode, message: "HTTP 401: the Central System rejected the credentials" };
  }
  // J§3.2: 404 is how a Central System says it does not know this charge point identity.
  const hint = statusCode === 404 ? " (charge point identity unknown to the Central System?)" : "";
  return { kind: "httpStatus", statusCode, message: `HTTP ${statusCode} instead of a WebSocket upgrade${hint}` };
}

export function subprotocolRefused(detail: string): LinkFailureInfo {
  return { kind: "subprotocolRefused", message: `the Central System did not agree to subprotocol ocpp1.6: ${detail}` };
}

export function deadLink(pongTimeoutMs: number): LinkFailureInfo {
  return { kind: "deadLink", message: `no pong within ${pongTimeoutMs} ms: dead link` };
}

export function closedByServer(closeCode: number, reason: string): LinkFailureInfo {
  const why = reason === "" ? "" : `: ${reason}`;
  return { kind: "closedByServer", closeCode, message: `connection closed by the Central System (code ${closeCode})${why}` };
}

/** No attempt was made: the security profile needs what is not installed (a key, a root, the station's certificate). */
export function securitySettings(detail: string): LinkFailureInfo {
  return { kind: "securitySettings", message: `not connecting: ${detail}` };
}

export function closedLocally(why: string): LinkFailureInfo {
  return { kind: "closedLocally", message: why };
}
