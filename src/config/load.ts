import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import * as v from "valibot";
import { profiles } from "../profiles/index.ts";
import { keyTableOf } from "../profiles/profile.ts";
import { checkOverrides } from "../station/configuration/configuration.ts";
import { dataDirProblems } from "./data-dir-problems.ts";
import { jsonErrorPosition } from "./json-error-position.ts";
import { caFileProblems, readFailure, securityFileProblems, type SecurityFiles } from "./pem-files.ts";
import { OcppKeyOverrides, StationConfig } from "./schema.ts";

/** A configuration file that cannot be used; `problems` holds one line per bad field. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

export type LoadedConfig = {
  config: StationConfig;
  file: string;
  /** The `ocpp` section checked against the key table, in canonical wire form. */
  ocppOverrides: Record<string, string>;
  ignoredFields: string[];
};

const knownTopLevel = new Set(Object.keys(StationConfig.entries));

/** Deeper than any configuration needs; a deeper file is refused before anything walks it. */
const maxNesting = 100;

/**
 * Reads, validates and normalizes a station.json. Keys starting with "//" are comments anywhere in
 * the file. Relative paths (dataDir, caFile, certFile, keyFile, fileTransfer.caFile) are taken from the file's folder,
 * so a systemd unit and a shell give the same station. Every problem is reported at once.
 */
export function loadConfig(path: string): LoadedConfig {
  return load(path, { isDataDirChecked: false });
}

/** loadConfig for the station itself and `config check`: the dataDir must be usable by this user too. */
export function loadStationConfig(path: string): LoadedConfig {
  return load(path, { isDataDirChecked: true });
}

function load(path: string, options: { isDataDirChecked: boolean }): LoadedConfig {
  const file = resolve(path);
  const raw = stripComments(parseJson(file, readText(file))) as Record<string, unknown>;
  const base = dirname(file);
  const parsed = v.safeParse(StationConfig, raw);
  const ocpp = checkOverrides(keyTableOf(profiles), ocppEntries(raw.ocpp));
  const dataDir = pathIn(raw.dataDir, base);
  const problems = [
    ...(parsed.success ? [] : parsed.issues.map(describeIssue)),
    ...ocpp.problems,
    ...securityFileProblems(securityFilesIn(raw.centralSystem, base)),
    ...caFileProblems("fileTransfer.caFile", transferCaFileIn(raw.fileTransfer, base)),
    ...(options.isDataDirChecked && dataDir !== undefined ? dataDirProblems(dataDir).map((problem) => `dataDir: ${problem}`) : []),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(file, problems.map((problem) => `${file}: ${problem}`));
  const config = resolvePaths(parsed.output, base);
  const ignoredFields = Object.keys(raw).filter((key) => !knownTopLevel.has(key));
  return { config, file, ocppOverrides: ocpp.values, ignoredFields };
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const isMissing = (error as { code?: string }).code === "ENOENT";
    // A first start without a configuration: say how to make one.
    const hint = isMissing ? `; write one with "csc22b7 config init ${file}", or name another with --config FILE` : "";
    throw new ConfigError(file, [`${file}: cannot read the configuration file: ${readFailure(error)}${hint}`]);
  }
}

function parseJson(file: string, text: string): object {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = jsonErrorPosition(text);
    const where = position ? ` at line ${position.line}, column ${position.column}` : "";
    throw new ConfigError(file, [`${file}: (root): invalid JSON${where}: ${(error as Error).message}`]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(file, [`${file}: (root): must be a JSON object`]);
  }
  const tooDeep = fieldNestedTooDeep(value);
  if (tooDeep !== undefined) throw new ConfigError(file, [`${file}: ${tooDeep}: is nested more than ${maxNesting} levels deep`]);
  return value;
}

/** The top-level field under which `root` nests deeper than maxNesting; walks without recursion. */
function fieldNestedTooDeep(root: object): string | undefined {
  for (const [field, value] of Object.entries(root)) {
    const pending: [unknown, number][] = [[value, 2]];
    while (pending.length > 0) {
      const [node, depth] = pending.pop()!;
      if (typeof node !== "object" || node === null) continue;
      if (depth > maxNesting) return field;
      for (const inner of Object.values(node)) pending.push([inner, depth + 1]);
    }
  }
  return undefined;
}

function stripComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripComments);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith("//"))
      .map(([key, inner]) => [key, stripComments(inner)]),
  );
}

/** The `ocpp` entries whose name and type are right, for the key table's checks beside the schema's. */
function ocppEntries(section: unknown): Record<string, string | number | boolean> {
  if (typeof section !== "object" || section === null || Array.isArray(section)) return {};
  return Object.fromEntries(Object.entries(section).filter(([name, value]) => v.is(OcppKeyOverrides, { [name]: value })));
}

function pathIn(value: unknown, base: string): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? resolve(base, value.trim()) : undefined;
}

function securityFilesIn(centralSystem: unknown, base: string): SecurityFiles {
  const section = (typeof centralSystem === "object" && centralSystem !== null ? centralSystem : {}) as Record<string, unknown>;
  return { caFile: pathIn(section.caFile, base), certFile: pathIn(section.certFile, base), keyFile: pathIn(section.keyFile, base) };
}

function transferCaFileIn(fileTransfer: unknown, base: string): string | undefined {
  return typeof fileTransfer === "object" && fileTransfer !== null ? pathIn((fileTransfer as Record<string, unknown>).caFile, base) : undefined;
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue) ?? "(root)";
  // valibot reports a missing key of a strict object as a strict_object issue too: received undefined.
  if (issue.type === "strict_object") return issue.received === "undefined" ? `${path}: is required` : `${path}: is not a known field`;
  if (issue.input === undefined && issue.kind === "schema") return `${path}: is required`;
  if (issue.kind === "schema" && issue.message.startsWith("Invalid ")) {
    return `${path}: must be ${issue.expected}, got ${issue.received}`;
  }
  return `${path}: ${issue.message}`;
}

function resolvePaths(config: StationConfig, base: string): StationConfig {
  const at = (path: string | undefined) => pathIn(path, base);
  return {
    ...config,
    dataDir: at(config.dataDir)!,
    centralSystem: {
      ...config.centralSystem,
      caFile: at(config.centralSystem.caFile),
      certFile: at(config.centralSystem.certFile),
      keyFile: at(config.centralSystem.keyFile),
    },
    fileTransfer: { ...config.fileTransfer, caFile: at(config.fileTransfer.caFile) },
  };
}
