import { profiles } from "../../src/profiles/index.ts";
import { keyTableOf } from "../../src/profiles/profile.ts";

/** The keys of the firmware's registered profiles, as the station builds them. */
export const stationKeys = keyTableOf(profiles);
