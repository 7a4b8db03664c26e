import * as v from "valibot";
import { CertificateUse, payload } from "../../../messages/common.ts";
import type { InstallCertificateResponse } from "../../../messages/install-certificate.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Security } from "../security.ts";

/** The certificate read as any text: an overlong one (the bad-input list's 100 kB) is Rejected with its event, not a CALLERROR. */
const InstallCertificateAnyRequest = payload({ certificateType: CertificateUse, certificate: v.string() });
type InstallCertificateAnyRequest = v.InferOutput<typeof InstallCertificateAnyRequest>;

export const installCertificate: Handler<InstallCertificateAnyRequest, InstallCertificateResponse, Security> = {
  action: "InstallCertificate",
  request: InstallCertificateAnyRequest,
  async handle(req, security) {
    const { status, after } = await security.installCertificate(req.certificateType, req.certificate);
    return answerThen({ status }, after);
  },
};
