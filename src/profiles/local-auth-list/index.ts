import { defineProfile } from "../profile.ts";
import { getLocalListVersion } from "./handlers/get-local-list-version.ts";
import { sendLocalList } from "./handlers/send-local-list.ts";
import { localAuthListKeys } from "./keys.ts";
import { LocalList } from "./local-list.ts";
import { LocalListRepo } from "./local-list-repo.ts";

/** Local Auth List Management (SPEC-DIGEST §12): a list of up to 50,000 idTags, asked before the cache. */
export const localAuthList = defineProfile<LocalList>({
  name: "LocalAuthListManagement",
  isFeatureProfile: true,
  keys: localAuthListKeys,
  create: ({ database, configuration, storage, log }) => new LocalList({ store: new LocalListRepo(database), configuration, storage, log }),
  handlers: [sendLocalList, getLocalListVersion],
  hooks: (list) => ({ authorizationSource: list }),
});
