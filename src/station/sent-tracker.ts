import type { CentralSystem, Clock } from "./ports.ts";

/** A CentralSystem that remembers when the station last sent a CALL (C§4.6: any message proves life). */
export function withSendTracking(csms: CentralSystem, clock: Clock): CentralSystem & { lastSentAt(): Date | undefined } {
  let lastSentAt: Date | undefined;
  return {
    get isConnected() {
      return csms.isConnected;
    },
    call(action, payload) {
      if (csms.isConnected) lastSentAt = clock.now();
      return csms.call(action, payload);
    },
    onConnected: (listener) => csms.onConnected(listener),
    onDisconnected: (listener) => csms.onDisconnected(listener),
    lastSentAt: () => lastSentAt,
  };
}
