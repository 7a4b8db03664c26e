/**
 * The one entry to @peculiar/x509 (X.509, PKCS#10 on WebCrypto) and its ASN.1 parts. Loaded at the
 * first use, not with the firmware: evaluating the library (and the Reflect metadata polyfill its
 * dependency injection needs first) costs about 20 ms of every start, most of which never touches a
 * certificate (issue 18). `require` keeps the callers synchronous.
 */
import type * as AsnSchema from "@peculiar/asn1-schema";
import type * as AsnX509 from "@peculiar/asn1-x509";
import type * as X509 from "@peculiar/x509";

type Libraries = { x509: typeof X509; asnSchema: typeof AsnSchema; asnX509: typeof AsnX509 };
let libraries: Libraries | undefined;

function load(): Libraries {
  if (!libraries) {
    require("reflect-metadata");
    libraries = { x509: require("@peculiar/x509"), asnSchema: require("@peculiar/asn1-schema"), asnX509: require("@peculiar/asn1-x509") };
  }
  return libraries;
}

export function x509(): typeof X509 {
  return load().x509;
}

/** @peculiar/asn1-schema and @peculiar/asn1-x509, the same copies @peculiar/x509 uses. */
export function asn1(): { schema: typeof AsnSchema; x509: typeof AsnX509 } {
  const { asnSchema, asnX509 } = load();
  return { schema: asnSchema, x509: asnX509 };
}

export type Certificate = X509.X509Certificate;
export type Name = X509.Name;
