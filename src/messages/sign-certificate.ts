/** SignCertificate: CP→CS, Security extension (S§5). */
import * as v from "valibot";
import { GenericStatus, maxChars, payload } from "./common.ts";

/** `csr`: PEM-encoded PKCS#10 certificate signing request. */
export const SignCertificateRequest = payload({ csr: maxChars(5500) });
export type SignCertificateRequest = v.InferOutput<typeof SignCertificateRequest>;

export const SignCertificateResponse = payload({ status: GenericStatus });
export type SignCertificateResponse = v.InferOutput<typeof SignCertificateResponse>;
