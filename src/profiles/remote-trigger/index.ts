import { defineProfile } from "../profile.ts";
import { triggerMessage } from "./handlers/trigger-message.ts";
import { RemoteTrigger } from "./remote-trigger.ts";

/** OCPP 1.6 Remote Trigger (SPEC-DIGEST §15): TriggerMessage; it has no configuration keys. */
export const remoteTrigger = defineProfile<RemoteTrigger>({
  name: "RemoteTrigger",
  isFeatureProfile: true,
  keys: [],
  create: (context) => new RemoteTrigger(context),
  handlers: [triggerMessage],
});
