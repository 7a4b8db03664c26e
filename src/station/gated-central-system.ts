import type { CentralSystem } from "./ports.ts";

/**
 * C§4.2: until BootNotification is Accepted the station sends nothing of its own. Calls made before
 * that resolve `offline`, so each service falls back to what it does without a Central System.
 */
export function whenRegistered(csms: CentralSystem, isRegistered: () => boolean): CentralSystem {
  return {
    get isConnected() {
      return csms.isConnected && isRegistered();
    },
    call: (action, payload) => (isRegistered() ? csms.call(action, payload) : Promise.resolve({ kind: "offline" })),
    onConnected: (listener) => csms.onConnected(listener),
    onDisconnected: (listener) => csms.onDisconnected(listener),
  };
}
