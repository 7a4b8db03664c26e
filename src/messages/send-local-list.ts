/** SendLocalList: CS→CP, LocalAuthListManagement. */
import * as v from "valibot";
import { IdTagInfo, IdToken, Integer, payload } from "./common.ts";

/** C§7.1 AuthorizationData; in a Differential update, no idTagInfo deletes the entry. */
export const AuthorizationData = v.strictObject({ idTag: IdToken, idTagInfo: v.optional(IdTagInfo) });
export type AuthorizationData = v.InferOutput<typeof AuthorizationData>;

export const UpdateType = v.picklist(["Differential", "Full"]);
export type UpdateType = v.InferOutput<typeof UpdateType>;

export const SendLocalListRequest = payload({
  listVersion: Integer,
  localAuthorizationList: v.optional(v.array(AuthorizationData)),
  updateType: UpdateType,
});
export type SendLocalListRequest = v.InferOutput<typeof SendLocalListRequest>;

export const UpdateStatus = v.picklist(["Accepted", "Failed", "NotSupported", "VersionMismatch"]);
export type UpdateStatus = v.InferOutput<typeof UpdateStatus>;

export const SendLocalListResponse = payload({ status: UpdateStatus });
export type SendLocalListResponse = v.InferOutput<typeof SendLocalListResponse>;
