/** CertificateSigned: CS→CP, Security extension (S§5). */
import * as v from "valibot";
import { maxChars, payload } from "./common.ts";

/** `certificateChain`: PEM, the signed certificate first, then any sub-CA certificates. */
export const CertificateSignedRequest = payload({ certificateChain: maxChars(10000) });
export type CertificateSignedRequest = v.InferOutput<typeof CertificateSignedRequest>;

export const CertificateSignedResponse = payload({ status: v.picklist(["Accepted", "Rejected"]) });
export type CertificateSignedResponse = v.InferOutput<typeof CertificateSignedResponse>;
