/**
 * The one entry to @peculiar/x509 (X.509, PKCS#10 on WebCrypto): its dependency injection needs the
 * Reflect metadata polyfill loaded first, so every module imports the library from here.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

export { x509 };
export type Certificate = x509.X509Certificate;
