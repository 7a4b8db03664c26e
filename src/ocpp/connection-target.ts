export type SecurityProfile = 0 | 1 | 2 | 3;

/** S§2: what the charge point presents and trusts; PEM texts, AuthorizationKey as hex. */
export type SecuritySettings = {
  profile: SecurityProfile;
  authorizationKeyHex?: string;
  caPem?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
};

/** Node/Bun TLS client options: the trust, the station's certificate, and the protocol floor and suites of §17.3. */
export type TlsOptions = { ca?: string; cert?: string; key?: string; minVersion: "TLSv1.2"; ciphers: string };

export type ConnectionTarget = {
  url: string;
  headers: Record<string, string>;
  tls: TlsOptions;
};

/**
 * §17.3 (A00.FR.305–324): TLS 1.2 or newer; for 1.2 the white paper's suites, forward-secret ECDHE
 * first, then the RSA ones it allows. TLS 1.3 suites are all AEAD and stay as the runtime has them.
 */
export const tlsCipherSuites = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "AES128-GCM-SHA256",
  "AES256-GCM-SHA384",
].join(":");

/** Throws when the settings cannot make a connection, so a bad configuration fails at start-up. */
export function connectionTarget(baseUrl: string, chargePointId: string, security: SecuritySettings): ConnectionTarget {
  return {
    url: stationUrl(baseUrl, chargePointId, security.profile),
    headers: security.profile === 1 || security.profile === 2 ? basicAuth(chargePointId, security) : {},
    tls: tlsOptions(security),
  };
}

/** J§3.1.1: `<url>/<percent-encoded identity>`; profiles 2 and 3 always use TLS on the same host, port and path. */
export function stationUrl(baseUrl: string, chargePointId: string, profile: SecurityProfile): string {
  const url = new URL(baseUrl);
  if (url.protocol !== "ws:" && url.protocol !== "wss:") throw new Error(`Central System URL must be ws:// or wss://: ${baseUrl}`);
  if (profile >= 2 && url.protocol === "ws:") url.protocol = "wss:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${encodeURIComponent(chargePointId)}`;
  return url.toString();
}

/** S§17.2: user = identity, password = the bytes the hex AuthorizationKey encodes (not the hex text). */
function basicAuth(chargePointId: string, security: SecuritySettings): Record<string, string> {
  const hex = security.authorizationKeyHex ?? "";
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) {
    throw new Error(`security profile ${security.profile} needs an AuthorizationKey of hex digits`);
  }
  const credentials = Buffer.concat([Buffer.from(`${chargePointId}:`, "utf8"), Buffer.from(hex, "hex")]);
  return { Authorization: `Basic ${credentials.toString("base64")}` };
}

function tlsOptions(security: SecuritySettings): TlsOptions {
  const tls: TlsOptions = { minVersion: "TLSv1.2", ciphers: tlsCipherSuites };
  if (security.caPem !== undefined) tls.ca = security.caPem;
  if (security.profile === 3) {
    if (security.clientCertPem === undefined || security.clientKeyPem === undefined) {
      throw new Error("security profile 3 needs a charge point certificate and its private key");
    }
    tls.cert = security.clientCertPem;
    tls.key = security.clientKeyPem;
  }
  return tls;
}
