/** DeleteCertificate: CS→CP, Security extension (S§5). */
import * as v from "valibot";
import { CertificateHashData, payload } from "./common.ts";

export const DeleteCertificateRequest = payload({ certificateHashData: CertificateHashData });
export type DeleteCertificateRequest = v.InferOutput<typeof DeleteCertificateRequest>;

export const DeleteCertificateResponse = payload({ status: v.picklist(["Accepted", "Failed", "NotFound"]) });
export type DeleteCertificateResponse = v.InferOutput<typeof DeleteCertificateResponse>;
