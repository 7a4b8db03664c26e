import * as v from "valibot";
import { logLevels } from "../log/logger.ts";
import { HardwareConfig } from "./hardware.ts";

/** A description editors show from the JSON Schema (src/build/config-schema.ts); no effect on checking. */
const described = <const T extends v.GenericSchema>(schema: T, text: string) => v.pipe(schema, v.description(text));

const nonEmpty = (what: string) => v.pipe(v.string(), v.trim(), v.nonEmpty(`must be a non-empty ${what}`));

/** S A00.FR.*: the identity is used in the URL path and as the Basic-auth user name, so no ':' or '/'. */
const ChargePointId = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9*\-_=+|@.]{1,48}$/, "must be 1-48 characters of A-Z a-z 0-9 * - _ = + | @ ."),
);

const CentralSystemUrl = v.pipe(
  v.string(),
  v.check((text) => URL.canParse(text), "must be a URL such as ws://csms.example.com:9000/ocpp"),
  // valibot runs every check of a pipe, so the later ones must not assume a parseable URL.
  v.check((text) => !URL.canParse(text) || /^wss?:$/.test(new URL(text).protocol), "must start with ws:// or wss://"),
  v.check((text) => !URL.canParse(text) || (!new URL(text).search && !new URL(text).hash), "must not have a query or fragment"),
);

/** S§17.2: 16-20 bytes written as hex. */
const AuthorizationKey = v.pipe(
  v.string(),
  v.regex(/^(?:[0-9A-Fa-f]{2}){16,20}$/, "must be 32-40 hex digits (16-20 bytes)"),
);

export const CentralSystemConfig = v.pipe(
  v.strictObject({
    url: described(CentralSystemUrl, "ws:// or wss:// address of the Central System, without the chargePointId (the station appends /<chargePointId>)"),
    securityProfile: v.optional(described(v.picklist([0, 1, 2, 3], "must be 0, 1, 2 or 3"), "0 none, 1 Basic auth over ws://, 2 Basic auth over wss://, 3 wss:// with the station's certificate"), 0),
    authorizationKey: v.optional(described(AuthorizationKey, "profiles 1-2: the Basic-auth password as 32-40 hex digits")),
    caFile: v.optional(described(nonEmpty("file path"), "profiles 2-3: PEM CA certificate(s) that verify the Central System")),
    certFile: v.optional(described(nonEmpty("file path"), "profile 3: PEM certificate chain of the station")),
    keyFile: v.optional(described(nonEmpty("file path"), "profile 3: PEM private key of certFile (keep it 0600)")),
    /** How long a CALL waits for its CALLRESULT before it counts as failed. */
    responseTimeoutSec: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(600)), 30),
    /** Waits between connection attempts grow from minSec to maxSec (with jitter). */
    reconnect: v.optional(
      v.pipe(
        v.strictObject({
          minSec: v.optional(v.pipe(v.number(), v.minValue(0.1), v.maxValue(3600)), 5),
          maxSec: v.optional(v.pipe(v.number(), v.minValue(0.1), v.maxValue(86400)), 300),
        }),
        v.forward(v.check((r) => r.maxSec >= r.minSec, "must not be less than minSec"), ["maxSec"]),
      ),
      { minSec: 5, maxSec: 300 },
    ),
  }),
  v.forward(
    v.check((cs) => cs.securityProfile !== 1 || cs.url.startsWith("ws:"), "profile 1 is Basic auth over ws://; use profile 2 for wss://"),
    ["url"],
  ),
  // §17.1 (S§2.1–2.5): profiles 2 and 3 are TLS. A ws:// URL with them is a mistake to fix, not to upgrade silently.
  v.forward(v.check((cs) => cs.securityProfile < 2 || cs.url.startsWith("wss:"), "security profiles 2 and 3 need TLS: use wss://"), ["url"]),
  v.forward(
    v.check((cs) => cs.securityProfile === 0 || cs.securityProfile === 3 || cs.authorizationKey !== undefined, "is required for security profiles 1 and 2"),
    ["authorizationKey"],
  ),
  v.forward(v.check((cs) => cs.securityProfile < 2 || cs.caFile !== undefined, "is required for security profiles 2 and 3"), ["caFile"]),
  v.forward(v.check((cs) => cs.securityProfile < 3 || cs.certFile !== undefined, "is required for security profile 3"), ["certFile"]),
  v.forward(v.check((cs) => cs.securityProfile < 3 || cs.keyFile !== undefined, "is required for security profile 3"), ["keyFile"]),
);

/** Factory values for OCPP configuration keys, as on the wire or as JSON numbers and booleans. */
export const OcppKeyOverrides = v.record(
  v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9.]{0,49}$/, "is not an OCPP configuration key name")),
  v.union([v.string(), v.number(), v.boolean()], "must be a string, number or boolean"),
);

const upTo = (maxLength: number) => v.pipe(v.string(), v.maxLength(maxLength, `must be at most ${maxLength} characters`));

/** What BootNotification reports besides vendor, model and firmware version. */
export const IdentityConfig = v.strictObject({
  chargePointSerialNumber: v.optional(upTo(25)),
  meterType: v.optional(upTo(25)),
  meterSerialNumber: v.optional(upTo(25)),
  iccid: v.optional(upTo(20)),
  imsi: v.optional(upTo(20)),
});

/** https:// downloads and uploads (firmware, diagnostics) trust these CA certificates too (src/profiles/firmware-management/README.md). */
export const FileTransferConfig = v.strictObject({ caFile: v.optional(nonEmpty("file path")) });

export const StationConfig = v.object({
  /** Where editors find the JSON Schema of this file (`config init` writes it); the station does not read it. */
  $schema: v.optional(v.string()),
  chargePointId: described(ChargePointId, "the station's identity: it connects to <centralSystem.url>/<chargePointId>"),
  centralSystem: CentralSystemConfig,
  dataDir: described(nonEmpty("directory path"), "database, control socket and logs; created if missing; relative to this file's folder"),
  hardware: described(HardwareConfig, "the board (virtual or firmata) and its wiring; defaults are the CSC-22B7 main board's"),
  identity: v.optional(described(IdentityConfig, "reported in BootNotification"), {}),
  ocpp: v.optional(described(OcppKeyOverrides, "factory values of OCPP configuration keys, e.g. \"HeartbeatInterval\": 270; the Central System's changes win"), {}),
  fileTransfer: v.optional(FileTransferConfig, {}),
  log: v.optional(
    v.strictObject({ level: v.optional(v.picklist(logLevels, `must be one of ${logLevels.join(", ")}`), "info") }),
    { level: "info" },
  ),
});
export type StationConfig = v.InferOutput<typeof StationConfig>;
