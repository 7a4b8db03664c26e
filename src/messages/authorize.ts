/** Authorize: CP→CS, Core. */
import * as v from "valibot";
import { IdTagInfo, IdToken, payload } from "./common.ts";

export const AuthorizeRequest = payload({ idTag: IdToken });
export type AuthorizeRequest = v.InferOutput<typeof AuthorizeRequest>;

export const AuthorizeResponse = payload({ idTagInfo: IdTagInfo });
export type AuthorizeResponse = v.InferOutput<typeof AuthorizeResponse>;
