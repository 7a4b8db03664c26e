/**
 * The test PKI of the Security cases (TEST-CASES.md §11), made by openssl for each test file: the
 * CPO's root (CentralSystemRootCertificate) and sub-CA, the Central System's server certificate for
 * localhost, the station's factory certificate (CN = its serial number), and a manufacturer root.
 */
import { afterAll, beforeAll } from "bun:test";
import type { TlsProxyOptions } from "../support/tls-proxy.ts";
import { ConformanceStation, type StartOptions } from "./harness.ts";
import { type Issued, TestPki } from "../support/test-pki.ts";

export const serialNumber = "CSC22B7-SN-0001";
/** 20 bytes as hex: the Basic-auth password of profiles 1 and 2. */
export const authorizationKey = "0123456789ABCDEF0123456789ABCDEF01234567";
export const basicAuth = (password: Buffer | string = Buffer.from(authorizationKey, "hex")) =>
  `Basic ${Buffer.concat([Buffer.from("CSC22B7-TEST:"), Buffer.from(password)]).toString("base64")}`;

export type SecurityPki = {
  pki: TestPki;
  cpoRoot: Issued;
  cpoSub: Issued;
  server: Issued;
  /** The same for a Central System with an RSA key (the TLS_RSA suites). */
  serverRsa: Issued;
  station: Issued;
  manufacturerRoot: Issued;
  /** The TLS front: the server certificate, client certificates verified against the CPO root when `clientCertificates`. */
  tls(clientCertificates?: boolean, more?: Partial<TlsProxyOptions>): TlsProxyOptions;
  /** station.json's files and `centralSystem` for a profile: caFile always, certFile/keyFile for 3. */
  station3Files(): Record<string, string>;
};

/** Makes the PKI before the file's cases and removes it after. */
export function securityPki(): SecurityPki {
  const made = {} as SecurityPki;
  beforeAll(() => {
    const pki = new TestPki();
    const cpoRoot = pki.root("CPO Root", { key: "rsa-2048", days: 365 });
    const cpoSub = pki.issue(cpoRoot, "CPO Sub CA", "/CN=CPO Sub CA/O=CPO", { isCa: true, days: 300 });
    const server = pki.issue(cpoRoot, "server", "/CN=localhost/O=CPO", { extensions: "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n", days: 200 });
    const serverRsa = pki.issue(cpoRoot, "server-rsa", "/CN=localhost/O=CPO", { key: "rsa-2048", extensions: "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n", days: 200 });
    const station = pki.issue(cpoRoot, "station", `/CN=${serialNumber}/O=VENDOR`, { extensions: "extendedKeyUsage=clientAuth\n", days: 200 });
    const manufacturerRoot = pki.root("Manufacturer Root", { key: "ec-p384", days: 365 });
    Object.assign(made, {
      pki, cpoRoot, cpoSub, server, serverRsa, station, manufacturerRoot,
      tls: (clientCertificates = false, more: Partial<TlsProxyOptions> = {}) => ({
        cert: server.certPem, key: server.keyPem, ...(clientCertificates ? { ca: [cpoRoot.certPem] } : {}), ...more,
      }),
      station3Files: () => ({ "ca.pem": cpoRoot.certPem, "station.pem": station.certPem, "station.key": station.keyPem }),
    });
  });
  afterAll(() => made.pki?.dispose());
  return made;
}

/** A station at security profile 3 with its factory certificate, against a Central System that asks for client certificates. */
export function profile3Station(pki: SecurityPki, ocpp: StartOptions["ocpp"] = {}): Promise<ConformanceStation> {
  return ConformanceStation.start({
    tls: pki.tls(true),
    files: pki.station3Files(),
    identity: { chargePointSerialNumber: serialNumber },
    centralSystem: { securityProfile: 3, caFile: "ca.pem", certFile: "station.pem", keyFile: "station.key" },
    ocpp,
  });
}
