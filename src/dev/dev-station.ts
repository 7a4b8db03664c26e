/**
 * `bun run dev`: the development Central System and the station from source on the virtual
 * board, in one terminal. State lives in dist/dev-station/ (delete it for a factory-fresh station).
 * Lines typed here go to the Central System console (`<Action> <json>` sends a CALL).
 */
import { existsSync } from "node:fs";
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
const csms = startDevCsms({ port });
console.log(`dev: Central System on ${csms.url}; station config ${configFile}`);
console.log(`dev: type e.g. RemoteStartTransaction {"idTag":"04A2B3C4","connectorId":1}; Ctrl-C stops both`);

const station = Bun.spawn(["bun", join(root, "src", "main.ts"), "--config", configFile, ...process.argv.slice(2)], {
  stdio: ["ignore", "inherit", "inherit"],
});
process.on("SIGINT", () => station.kill("SIGINT"));
process.on("SIGTERM", () => station.kill("SIGTERM"));
station.exited.then((code) => {
  csms.stop();
  process.exit(code);
});
for await (const line of console) csms.sendCall(line);
