import { defineProfile, type ProfileDiagnostics } from "../profile.ts";
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
  diagnostics: {
    live: (list) => listDiagnostics(list.summary()),
    stored: (database) => {
      const repo = new LocalListRepo(database);
      return listDiagnostics({ isEnabled: null, listVersion: repo.version(), size: repo.size() });
    },
  },
});

/** The summary line: "version 7, 50,000 entries" (and whether it is in use, when the station runs). */
function listDiagnostics(summary: { isEnabled: boolean | null; listVersion: number; size: number }): ProfileDiagnostics {
  const state = summary.isEnabled === false ? " (disabled: LocalAuthListEnabled=false)" : "";
  return { title: "Local list", lines: [`version ${summary.listVersion}, ${summary.size.toLocaleString("en-US")} entries${state}`], data: summary };
}
