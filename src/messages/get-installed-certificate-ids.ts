/** GetInstalledCertificateIds: CS→CP, Security extension (S§5). */
import * as v from "valibot";
import { CertificateHashData, CertificateUse, payload } from "./common.ts";

export const GetInstalledCertificateIdsRequest = payload({ certificateType: CertificateUse });
export type GetInstalledCertificateIdsRequest = v.InferOutput<typeof GetInstalledCertificateIdsRequest>;

export const GetInstalledCertificateIdsResponse = payload({
  certificateHashData: v.optional(v.pipe(v.array(CertificateHashData), v.minLength(1))),
  status: v.picklist(["Accepted", "NotFound"]),
});
export type GetInstalledCertificateIdsResponse = v.InferOutput<typeof GetInstalledCertificateIdsResponse>;
