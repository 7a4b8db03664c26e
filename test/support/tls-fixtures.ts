import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type TlsFixtures = {
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** A CA that signed nothing here: trusting only it must fail the handshake. */
  otherCaPem: string;
};

/** A CA, a server certificate for localhost only and a client certificate, made by openssl now (no committed keys). */
export function makeTlsFixtures(clientCn = "CP-TLS"): TlsFixtures {
  const dir = mkdtempSync(join(tmpdir(), "ocpp-tls-"));
  try {
    const file = (name: string) => join(dir, name);
    const openssl = (...args: string[]) => {
      const result = Bun.spawnSync(["openssl", ...args], { stderr: "pipe" });
      if (result.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr.toString()}`);
    };
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    openssl("req", "-x509", ...ec, "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "2", "-subj", "/CN=Test CSMS Root");
    openssl("req", "-x509", ...ec, "-keyout", file("other.key"), "-out", file("other.pem"), "-days", "2", "-subj", "/CN=Other Root");
    const issue = (name: string, subject: string, extensions: string) => {
      writeFileSync(file(`${name}.ext`), extensions);
      openssl("req", ...ec, "-keyout", file(`${name}.key`), "-out", file(`${name}.csr`), "-subj", subject);
      openssl("x509", "-req", "-in", file(`${name}.csr`), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial",
        "-out", file(`${name}.pem`), "-days", "2", "-extfile", file(`${name}.ext`));
    };
    issue("server", "/CN=localhost", "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n");
    issue("client", `/CN=${clientCn}`, "extendedKeyUsage=clientAuth\n");
    const read = (name: string) => readFileSync(file(name), "utf8");
    return {
      caPem: read("ca.pem"),
      serverCertPem: read("server.pem"),
      serverKeyPem: read("server.key"),
      clientCertPem: read("client.pem"),
      clientKeyPem: read("client.key"),
      otherCaPem: read("other.pem"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
