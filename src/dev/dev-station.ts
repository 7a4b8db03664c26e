/**
 * `bun run dev`: the development Central System and the station from source on the virtual
 * board, in one terminal that drives both (dev-terminal.ts: `plug 1`, `swipe 04A2B3C4`, OCPP CALLs,
 * `diag`, `help`). State lives in dist/dev-station/ (delete it for a factory-fresh station), or in
 * DEV_STATION_DIR; the Central System listens on CSMS_PORT (9000).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeDefaultConfiguration } from "../cli/config-init.ts";
import { runDiag } from "../cli/diag.ts";
import { runSim } from "../cli/sim.ts";
import { errorText } from "../log/logger.ts";
import { profiles } from "../profiles/index.ts";
import { keyTableOf } from "../profiles/profile.ts";
import { type DevCsms, startDevCsms } from "./dev-csms.ts";
import { devHelp, parseDevLine } from "./dev-terminal.ts";

/**
 * The development station's own OCPP values, so that a whole session shows within a minute. The
 * product keeps its certified factory values; station.json's `ocpp` wins over these.
 */
export const devOcppValues: Record<string, string | number | boolean> = {
  MinimumStatusDuration: 0, // each status at once, not after 90 s
  StopTransactionOnEVSideDisconnect: true, // unplugging ends the session
  MeterValueSampleInterval: 10, // a meter reading every 10 s while charging
  MeterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import",
};

type StationJson = { centralSystem: Record<string, unknown>; ocpp?: Record<string, unknown> };

/**
 * The configuration the dev station runs with: station.json, the development OCPP values under its
 * own `ocpp`, and this run's Central System. Written beside it, so relative paths stay the same.
 */
export function writeRunConfiguration(devDir: string, csmsUrl: string): { file: string; devValues: Record<string, string | number | boolean> } {
  const config = JSON.parse(readFileSync(join(devDir, "station.json"), "utf8")) as StationJson;
  const own = config.ocpp ?? {};
  const devValues = Object.fromEntries(Object.entries(devOcppValues).filter(([key]) => !(key in own)));
  const file = join(devDir, "station.run.json");
  const run = {
    "//": "written by `run dev` at each start from station.json (edit that one), the development OCPP values and this run's Central System",
    ...config,
    centralSystem: { ...config.centralSystem, url: csmsUrl },
    ocpp: { ...devValues, ...own },
  };
  writeFileSync(file, JSON.stringify(run, null, 2) + "\n");
  return { file, devValues };
}

function printDevValues(devValues: Record<string, string | number | boolean>): void {
  if (Object.keys(devValues).length === 0) return;
  const keys = keyTableOf(profiles);
  console.log("dev: development values, not the product's certified factory values (station.json's \"ocpp\" overrides them):");
  for (const [key, value] of Object.entries(devValues)) console.log(`dev:   ${key} ${value} (factory ${keys.find(key)?.factory ?? "none"})`);
}

/** Carries out one typed line; sim and diag are the `csc22b7 sim`/`diag` commands, over the control socket. */
async function carryOut(line: string, csms: DevCsms, configFile: string): Promise<void> {
  const command = parseDevLine(line);
  try {
    if (command.kind === "call") csms.sendCall(command.action, command.payload);
    else if (command.kind === "sim") await runSim(configFile, command.args);
    else if (command.kind === "diag") await runDiag({ configPath: configFile, isJson: false, isFollow: false, lines: undefined, timeout: undefined, positionals: command.args });
    else if (command.kind === "help") console.log(devHelp.join("\n"));
    else if (command.kind === "unknown") console.log(`dev: ${command.hint}`);
  } catch (error) {
    console.log(`dev: ${errorText(error)}`);
  }
}

async function main(): Promise<void> {
  const root = join(import.meta.dir, "..", "..");
  const devDir = process.env.DEV_STATION_DIR ?? join(root, "dist", "dev-station");
  const port = Number(process.env.CSMS_PORT ?? 9000);
  if (!existsSync(join(devDir, "station.json"))) {
    writeDefaultConfiguration(join(devDir, "station.json"), { dataDir: "data", force: false });
    console.log(`dev: wrote ${join(devDir, "station.json")}`);
  }
  let csms: DevCsms;
  try {
    csms = startDevCsms({ port });
  } catch (error) {
    // One line, not a stack trace: the usual cause is another `run dev` (or anything) on the port.
    console.error(`dev: cannot listen on port ${port} (${(error as Error).message}); stop what uses it, or run with CSMS_PORT=<free port>`);
    process.exit(2);
  }
  const { file, devValues } = writeRunConfiguration(devDir, csms.url);
  console.log(`dev: Central System on ${csms.url}; station config ${join(devDir, "station.json")}`);
  printDevValues(devValues);
  console.log("dev: type e.g. plug 1, swipe 04A2B3C4, help; Ctrl-C stops both");

  const station = Bun.spawn(["bun", join(root, "src", "main.ts"), "--config", file, ...process.argv.slice(2)], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  process.on("SIGINT", () => station.kill("SIGINT"));
  process.on("SIGTERM", () => station.kill("SIGTERM"));
  station.exited.then((code) => {
    csms.stop();
    process.exit(code);
  });
  // One line at a time, in the order typed: a swipe returns once the reader has read the card.
  for await (const line of console) await carryOut(line, csms, file);
}

if (import.meta.main) await main();
