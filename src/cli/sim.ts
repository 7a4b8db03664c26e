import { parseSimAction } from "../../drivers/index.ts";
import { loadConfig } from "../config/load.ts";
import { askStation, controlSocketPath } from "../control/control-socket.ts";
import { UsageError } from "./usage.ts";

/** A swipe waits for the station's reader (5 s at most there), after any actions given before it. */
const answerTimeoutMs = 30_000;

/** `csc22b7 sim <action> [arguments]`: one action for the running station's virtual world (LAB-INTERFACE). */
export async function runSim(configPath: string, args: string[]): Promise<number> {
  const parsed = parseSimAction(args);
  if (!parsed.ok) throw new UsageError(`sim: ${parsed.reason}`);
  const { config } = loadConfig(configPath);
  if (config.hardware.board !== "virtual") {
    console.error(`csc22b7 sim: the board is "${config.hardware.board}", not virtual: there is no simulated world to act on`);
    return 1;
  }
  const answer = await askStation(config.dataDir, { command: "sim", args }, answerTimeoutMs);
  if (!answer) {
    console.error(`csc22b7 sim: the station is not running (nothing answers on ${controlSocketPath(config.dataDir)})`);
    return 1;
  }
  if (!answer.ok) {
    console.error(`csc22b7 sim: ${answer.reason}`);
    return 1;
  }
  console.log(answer.message ?? "ok");
  return 0;
}
