import { DeleteCertificateRequest, type DeleteCertificateResponse } from "../../../messages/delete-certificate.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Security } from "../security.ts";

export const deleteCertificate: Handler<DeleteCertificateRequest, DeleteCertificateResponse, Security> = {
  action: "DeleteCertificate",
  request: DeleteCertificateRequest,
  handle(req, security) {
    const { status, after } = security.deleteCertificate(req.certificateHashData);
    return answerThen({ status }, after);
  },
};
