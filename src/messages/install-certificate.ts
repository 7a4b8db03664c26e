/** InstallCertificate: CS→CP, Security extension (S§5). */
import * as v from "valibot";
import { CertificateUse, maxChars, payload } from "./common.ts";

/** `certificate`: PEM. */
export const InstallCertificateRequest = payload({ certificateType: CertificateUse, certificate: maxChars(5500) });
export type InstallCertificateRequest = v.InferOutput<typeof InstallCertificateRequest>;

export const InstallCertificateResponse = payload({ status: v.picklist(["Accepted", "Failed", "Rejected"]) });
export type InstallCertificateResponse = v.InferOutput<typeof InstallCertificateResponse>;
