import * as v from "valibot";
import type { CertificateSignedResponse } from "../../../messages/certificate-signed.ts";
import { payload } from "../../../messages/common.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Security } from "../security.ts";

/** The chain read as any text: longer than CertificateSignedMaxChainSize is Rejected with InvalidChargePointCertificate. */
const CertificateSignedAnyRequest = payload({ certificateChain: v.string() });
type CertificateSignedAnyRequest = v.InferOutput<typeof CertificateSignedAnyRequest>;

export const certificateSigned: Handler<CertificateSignedAnyRequest, CertificateSignedResponse, Security> = {
  action: "CertificateSigned",
  request: CertificateSignedAnyRequest,
  async handle(req, security) {
    // A02: stored before the answer; the switch to it (a new connection, TC_074 step 4) follows it.
    const { status, after } = await security.stationCertificate.certificateSigned(req.certificateChain);
    return answerThen({ status }, after);
  },
};
