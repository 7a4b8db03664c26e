import type { CentralSystem } from "../station/ports.ts";
import type { OcppClient } from "./client.ts";
import type { messages } from "../messages/index.ts";

/** The station's view of the OCPP client: CALLs with typed outcomes and link up/down. */
export function centralSystemOf(client: OcppClient<typeof messages>): CentralSystem {
  return {
    get isConnected() {
      return client.state === "connected";
    },
    async call(action, payload) {
      const outcome = await client.call(action, payload);
      return outcome.kind === "callError" ? { kind: "callError", code: outcome.code, description: outcome.description } : outcome;
    },
    onConnected: (listener) => client.on("connected", () => listener()),
    onDisconnected: (listener) => client.on("disconnected", () => listener()),
  };
}
