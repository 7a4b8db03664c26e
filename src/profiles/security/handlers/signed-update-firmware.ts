import { SignedUpdateFirmwareRequest, type SignedUpdateFirmwareResponse } from "../../../messages/signed-update-firmware.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Security } from "../security.ts";

export const signedUpdateFirmware: Handler<SignedUpdateFirmwareRequest, SignedUpdateFirmwareResponse, Security> = {
  action: "SignedUpdateFirmware",
  request: SignedUpdateFirmwareRequest,
  // §17.7: the signing certificate is checked before the answer; the update (or the event) follows it.
  async handle(req, security) {
    const { status, after } = await security.signedUpdate(req);
    return answerThen({ status }, after);
  },
};
