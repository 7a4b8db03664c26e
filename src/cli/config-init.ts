import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import stationSchema from "../config/station.schema.json" with { type: "json" };
import { UsageError } from "./usage.ts";

/** Written beside station.json, so that editors find it by the relative `$schema` reference. */
export const schemaFileName = "station.schema.json";

/** The CSC-22B7 defaults, explained by "//" comment keys (ignored when the file is loaded). */
export function defaultConfiguration(dataDir: string) {
  return {
    $schema: `./${schemaFileName}`,
    "//": "CSC-22B7 station configuration. Keys starting with // are comments. Relative paths are taken from this file's folder.",
    chargePointId: "CSC22B7-0001",
    "// chargePointId": "the station's identity: it connects to <centralSystem.url>/<chargePointId>",
    centralSystem: {
      url: "ws://127.0.0.1:9000/ocpp",
      "// url": "ws:// or wss:// address of the Central System, without the chargePointId",
      securityProfile: 0,
      "// securityProfile": "0 none, 1 Basic auth over ws, 2 Basic auth over wss, 3 wss with client certificate",
      "// authorizationKey": "profiles 1-2: the Basic-auth password as 32-40 hex digits",
      "// caFile": "profiles 2-3: PEM file with the CA certificate(s) that sign the Central System's certificate",
      "// certFile, keyFile": "profile 3: PEM files with this station's certificate chain and private key",
      responseTimeoutSec: 30,
    },
    dataDir,
    "// dataDir": "database, control socket and logs; keep it on persistent storage",
    hardware: {
      board: "virtual",
      "// board": "virtual = built-in simulated board; firmata = a Firmata board on a serial port (add \"port\")",
    },
    identity: {
      chargePointSerialNumber: "CSC22B7-0001",
      "//": "reported in BootNotification; also meterType, meterSerialNumber, iccid, imsi",
    },
    ocpp: {
      "//": "factory values of OCPP configuration keys, e.g. \"HeartbeatInterval\": 270; the Central System's changes win",
    },
    log: { level: "info", "// level": "debug logs every OCPP frame; info, warn, error" },
  };
}

/** Writes station.json and, beside it, the JSON Schema of this firmware's configuration (replaced: it is no one's edit). */
export function writeDefaultConfiguration(path: string, options: { dataDir: string; force: boolean }): string {
  const file = resolve(path);
  if (existsSync(file) && !options.force) throw new UsageError(`${file} already exists; pass --force to overwrite it`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(defaultConfiguration(options.dataDir), null, 2) + "\n", { mode: 0o640 });
  writeFileSync(join(dirname(file), schemaFileName), JSON.stringify(stationSchema, null, 2) + "\n", { mode: 0o644 });
  return file;
}
