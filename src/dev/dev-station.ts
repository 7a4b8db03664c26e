/**
 * `bun run dev`: the development Central System and the station from source on the virtual
 * board, in one terminal. State lives in dist/dev-station/ (delete it for a factory-fresh station).
 * Lines typed here go to the Central System console (`<Action> <json>` sends a CALL).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeDefaultConfiguration } from "../cli/config-init.ts";
import { startDevCsms } from "./dev-csms.ts";

const root = join(import.meta.dir, "..", "..");
const devDir = join(root, "dist", "dev-station");
const configFile = join(devDir, "station.json");
const port = Number(process.env.CSMS_PORT ?? 9000);

if (!existsSync(configFile)) {
  writeDefaultConfiguration(configFile, { dataDir: "data", force: false });
  console.log(`dev: wrote ${configFile}`);
}
let csms: ReturnType<typeof startDevCsms>;
try {
  csms = startDevCsms({ port });
} catch (error) {
  // One line, not a stack trace: the usual cause is another `run dev` (or anything) on the port.
  console.error(`dev: cannot listen on port ${port} (${(error as Error).message}); stop what uses it, or run with CSMS_PORT=<free port>`);
  process.exit(2);
}
console.log(`dev: Central System on ${csms.url}; station config ${configFile}`);
console.log(`dev: type e.g. RemoteStartTransaction {"idTag":"04A2B3C4","connectorId":1}; Ctrl-C stops both`);

// The station connects to this Central System whatever the port: its URL follows CSMS_PORT.
const station = Bun.spawn(["bun", join(root, "src", "main.ts"), "--config", devConfigFor(configFile, csms.url), ...process.argv.slice(2)], {
  stdio: ["ignore", "inherit", "inherit"],
});
process.on("SIGINT", () => station.kill("SIGINT"));
process.on("SIGTERM", () => station.kill("SIGTERM"));
station.exited.then((code) => {
  csms.stop();
  process.exit(code);
});
for await (const line of console) csms.sendCall(line);

/** The dev station's configuration pointing at this run's Central System (written beside it when the port differs). */
function devConfigFor(file: string, url: string): string {
  const config = JSON.parse(readFileSync(file, "utf8")) as { centralSystem: { url: string } };
  if (config.centralSystem.url === url) return file;
  const pointed = join(devDir, `station.${port}.json`);
  writeFileSync(pointed, JSON.stringify({ ...config, centralSystem: { ...config.centralSystem, url } }, null, 2));
  return pointed;
}
