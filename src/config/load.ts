import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import * as v from "valibot";
import { profiles } from "../profiles/index.ts";
import { keyTableOf } from "../profiles/profile.ts";
import { checkOverrides } from "../station/configuration/configuration.ts";
import { StationConfig } from "./schema.ts";

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

/**
 * Reads, validates and normalizes a station.json. Keys starting with "//" are comments anywhere in
 * the file. Relative paths (dataDir, caFile, certFile, keyFile) are taken from the file's folder,
 * so a systemd unit and a shell give the same station.
 */
export function loadConfig(path: string): LoadedConfig {
  const file = resolve(path);
  const raw = parseJson(file, readText(file));
  const parsed = v.safeParse(StationConfig, stripComments(raw));
  if (!parsed.success) throw new ConfigError(file, parsed.issues.map((issue) => `${file}: ${describeIssue(issue)}`));
  const ocpp = checkOverrides(keyTableOf(profiles), parsed.output.ocpp);
  if (ocpp.problems.length > 0) throw new ConfigError(file, ocpp.problems.map((problem) => `${file}: ${problem}`));
  const config = resolvePaths(parsed.output, dirname(file));
  const unreadable = unreadableFiles(config);
  if (unreadable.length > 0) throw new ConfigError(file, unreadable.map((problem) => `${file}: ${problem}`));
  const ignoredFields = Object.keys(raw as object).filter((key) => !key.startsWith("//") && !knownTopLevel.has(key));
  return { config, file, ocppOverrides: ocpp.values, ignoredFields };
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, [`${file}: cannot read the configuration file: ${readFailure(error)}`]);
  }
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "file not found" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "is a directory" : String(error);
}

/** The PEM files a security profile needs must be readable before anything starts. */
function unreadableFiles(config: StationConfig): string[] {
  const problems: string[] = [];
  for (const field of ["caFile", "certFile", "keyFile"] as const) {
    const path = config.centralSystem[field];
    if (path === undefined) continue;
    try {
      readFileSync(path);
    } catch (error) {
      problems.push(`centralSystem.${field}: cannot read ${path}: ${readFailure(error)}`);
    }
  }
  return problems;
}

function parseJson(file: string, text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new ConfigError(file, [`${file}: (root): must be a JSON object`]);
    }
    return value;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(file, [`${file}: (root): invalid JSON: ${(error as Error).message}`]);
  }
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

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue) ?? "(root)";
  if (issue.type === "strict_object") return `${path}: is not a known field`;
  if (issue.input === undefined && issue.kind === "schema") return `${path}: is required`;
  if (issue.kind === "schema" && issue.message.startsWith("Invalid ")) {
    return `${path}: must be ${issue.expected}, got ${issue.received}`;
  }
  return `${path}: ${issue.message}`;
}

function resolvePaths(config: StationConfig, base: string): StationConfig {
  const at = (path: string | undefined) => (path === undefined || isAbsolute(path) ? path : resolve(base, path));
  return {
    ...config,
    dataDir: at(config.dataDir)!,
    centralSystem: {
      ...config.centralSystem,
      caFile: at(config.centralSystem.caFile),
      certFile: at(config.centralSystem.certFile),
      keyFile: at(config.centralSystem.keyFile),
    },
  };
}
