import { GetInstalledCertificateIdsRequest, type GetInstalledCertificateIdsResponse } from "../../../messages/get-installed-certificate-ids.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import type { Security } from "../security.ts";

export const getInstalledCertificateIds: Handler<GetInstalledCertificateIdsRequest, GetInstalledCertificateIdsResponse, Security> = {
  action: "GetInstalledCertificateIds",
  request: GetInstalledCertificateIdsRequest,
  handle(req, security) {
    // M03: NotFound when none of the type is installed.
    const certificateHashData = security.roots.hashData(req.certificateType);
    return certificateHashData.length === 0 ? { status: "NotFound" } : { status: "Accepted", certificateHashData };
  },
};
