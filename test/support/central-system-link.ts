import { messages } from "../../src/messages/index.ts";
import { OcppClient } from "../../src/ocpp/client.ts";
import { FakeLink } from "./fake-link.ts";
import { recordingLogger } from "./ocpp-test-catalog.ts";
import type { stationRig } from "./station-rig.ts";

/**
 * The Central System's side of a station rig: an OCPP client on a fake link with every registered
 * profile's handlers, as cli/run.ts wires them.
 */
export function centralSystemLink(rig: Pick<ReturnType<typeof stationRig>, "built" | "clock" | "settle">) {
  const link = new FakeLink();
  const client = new OcppClient({ link, catalog: messages, clock: rig.clock, log: recordingLogger().log });
  for (const { handlers, service } of rig.built.handlers) client.handle(handlers, service);
  link.connect();
  let callCount = 0;
  /** The Central System sends a CALL; resolves with the station's answer frame once the work it started is done. */
  const exchange = async (action: string, payload: unknown, id = `cs-${++callCount}`): Promise<unknown[] | undefined> => {
    link.deliver(JSON.stringify([2, id, action, payload]));
    await client.settled();
    await rig.settle();
    return link.frames.findLast((frame) => frame[1] === id);
  };
  return { link, client, exchange };
}
