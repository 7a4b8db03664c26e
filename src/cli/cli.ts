import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, loadStationConfig } from "../config/load.ts";
import { dirname } from "node:path";
import { LogFile, stdoutAndFile } from "../log/log-file.ts";
import { createLogger, errorText } from "../log/logger.ts";
import { hideSecretFields } from "../log/redact-secrets.ts";
import { buildCommit, firmwareVersion } from "../version.ts";
import { defaultConfigPath, usage, UsageError } from "./usage.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed = { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
type Command = { words: string[]; options: Options; maxPositionals: number; run(args: Parsed): Promise<number> | number };

// Each command loads its own modules when it runs (issue 18): the station's start does not evaluate diag's,
// config init's or the watchdog's code, and `diag` or `sim` do not evaluate the station's.
const configOption: Options = { config: { type: "string", short: "c", default: defaultConfigPath } };

const commands: Command[] = [
  {
    words: ["config", "init"],
    options: { force: { type: "boolean", default: false }, "data-dir": { type: "string", default: "data" } },
    maxPositionals: 1,
    async run({ values, positionals }) {
      const { schemaFileName, writeDefaultConfiguration } = await import("./config-init.ts");
      const file = writeDefaultConfiguration(positionals[0] ?? "station.json", {
        force: values.force === true,
        dataDir: String(values["data-dir"]),
      });
      console.log(`wrote ${file} and its JSON Schema ${schemaFileName} beside it`);
      return 0;
    },
  },
  {
    words: ["config", "check"],
    options: configOption,
    // The file may be named as `config init` takes it, positionally, or with --config.
    maxPositionals: 1,
    run({ values, positionals }) {
      const { config, file, ignoredFields } = loadStationConfig(positionals[0] ?? String(values.config));
      if (ignoredFields.length > 0) console.log(`${file}: ignored fields: ${ignoredFields.join(", ")}`);
      console.log(JSON.stringify(config, hideSecretFields, 2));
      console.log(`${file}: ok`);
      return 0;
    },
  },
  {
    words: ["diag"],
    options: {
      ...configOption,
      json: { type: "boolean", default: false },
      follow: { type: "boolean", short: "f", default: false },
      lines: { type: "string", short: "n" },
      timeout: { type: "string" },
    },
    maxPositionals: 2,
    run: async ({ values, positionals }) =>
      (await import("./diag.ts")).runDiag({
        configPath: String(values.config),
        isJson: values.json === true,
        isFollow: values.follow === true,
        lines: values.lines as string | undefined,
        timeout: values.timeout as string | undefined,
        positionals,
      }),
  },
  {
    words: ["store", "reset"],
    options: { ...configOption, force: { type: "boolean", default: false } },
    maxPositionals: 0,
    run: async ({ values }) => (await import("./store.ts")).runStoreReset(String(values.config), values.force === true),
  },
  {
    // Internal: started by the station while a new executable is on trial (src/profiles/firmware-management/README.md).
    words: ["firmware", "watchdog"],
    options: {},
    maxPositionals: 1,
    async run({ positionals }) {
      if (positionals[0] === undefined) throw new UsageError("firmware watchdog needs the install journal");
      const { watchTrial } = await import("../profiles/firmware-management/rollback-watchdog.ts");
      // Its lines go where the station's go: standard output and dataDir/logs/station.log (diag log).
      const logFile = LogFile.open(dirname(dirname(positionals[0])));
      const log = createLogger("firmware", { level: "info", ...(logFile.ok ? { sink: stdoutAndFile(logFile.file) } : {}) });
      return watchTrial({ journal: positionals[0], log: (line) => log.warn(line), isServiceManaged: process.env.INVOCATION_ID !== undefined });
    },
  },
  { words: ["sim"], options: configOption, maxPositionals: 3, run: async ({ values, positionals }) => (await import("./sim.ts")).runSim(String(values.config), positionals) },
  { words: ["run"], options: configOption, maxPositionals: 0, run: async ({ values }) => (await import("./run.ts")).runStation(String(values.config)) },
  { words: [], options: configOption, maxPositionals: 0, run: async ({ values }) => (await import("./run.ts")).runStation(String(values.config)) },
];

/** Runs one command line and returns the process exit code: 0 ok, 1 runtime error, 2 usage or configuration. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    if (argv.includes("--help") || argv.includes("-h")) return print(usage);
    if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) return print(`csc22b7 ${firmwareVersion} (${buildCommit})`);
    const words = argv.filter((arg) => !arg.startsWith("-"));
    const command = commands.find((c) => c.words.every((word, i) => words[i] === word));
    if (!command) throw new UsageError(`unknown command "${words.join(" ")}"`);
    const parsed = parseArgs({ args: dropWords(argv, command.words), options: command.options, allowPositionals: true, strict: true });
    if (command.words.length === 0 && parsed.positionals.length > 0) {
      throw new UsageError(`unknown command "${parsed.positionals.join(" ")}"`);
    }
    if (parsed.positionals.length > command.maxPositionals) {
      throw new UsageError(`unexpected argument "${parsed.positionals[command.maxPositionals]}"`);
    }
    return await command.run(parsed);
  } catch (error) {
    return reportFailure(error);
  }
}

function dropWords(argv: string[], words: string[]): string[] {
  const rest = [...argv];
  for (const word of words) rest.splice(rest.indexOf(word), 1);
  return rest;
}

function reportFailure(error: unknown): number {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(problem);
    return 2;
  }
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    console.error(`csc22b7: ${(error as Error).message}\nRun "csc22b7 --help" for usage.`);
    return 2;
  }
  console.error(`csc22b7: ${errorText(error)}`);
  return 1;
}

function print(text: string): number {
  console.log(text);
  return 0;
}
