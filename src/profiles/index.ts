import { core } from "./core/index.ts";
import { firmwareManagement } from "./firmware-management/index.ts";
import { localAuthList } from "./local-auth-list/index.ts";
import type { AnyProfile } from "./profile.ts";
import { remoteTrigger } from "./remote-trigger/index.ts";
import { reservation } from "./reservation/index.ts";
import { security } from "./security/index.ts";
import { smartCharging } from "./smart-charging/index.ts";

/** The profiles this firmware runs: the one list that registers them. */
export const profiles: readonly AnyProfile[] = [core, security, localAuthList, reservation, remoteTrigger, smartCharging, firmwareManagement];
