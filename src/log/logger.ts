import { redactSecretFields, redactSecrets } from "./redact-secrets.ts";

export const logLevels = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof logLevels)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger for a sub-component: its lines carry `component` instead of the parent's. */
  child(component: string): Logger;
  isEnabled(level: LogLevel): boolean;
}

export type LogSink = (line: string) => void;

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Shared by every child so that one `setLevel` (e.g. from a config reload) reaches them all. */
export class LogLevelSetting {
  constructor(public level: LogLevel) {}
}

/**
 * One line per event: `<ISO time> <LEVEL> <component>: <message> key=value ...`.
 * Values are JSON-quoted when they contain spaces or quotes so a line stays one line.
 */
export function createLogger(
  component: string,
  options: { level: LogLevel | LogLevelSetting; sink?: LogSink; now?: () => Date },
): Logger {
  const setting = options.level instanceof LogLevelSetting ? options.level : new LogLevelSetting(options.level);
  const sink = options.sink ?? ((line: string) => process.stdout.write(line + "\n"));
  const now = options.now ?? (() => new Date());
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (rank[level] < rank[setting.level]) return;
    sink(formatLine(now(), level, component, message, fields));
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (name) => createLogger(name, { level: setting, sink, now }),
    isEnabled: (level) => rank[level] >= rank[setting.level],
  };
}

/** Secrets never reach a line: every message and field goes through redact-secrets.ts first. */
export function formatLine(time: Date, level: LogLevel, component: string, message: string, fields?: LogFields): string {
  let line = `${time.toISOString()} ${level.toUpperCase().padEnd(5)} ${component}: ${oneLine(redactSecrets(message))}`;
  for (const [key, value] of Object.entries(redactSecretFields(fields ?? {}))) {
    if (value === undefined) continue;
    line += ` ${key}=${formatValue(value)}`;
  }
  return line;
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(redactSecrets(errorText(value)));
  const text = typeof value === "string" ? value : redactSecrets(JSON.stringify(value) ?? String(value));
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, "\\n");
}

/**
 * An error with its chain of causes, e.g. `store open failed: SQLITE_NOTADB: file is not a database`.
 * A cause whose text the message already holds (`${what} failed: ${errorText(cause)}`) is not repeated.
 */
export function errorText(error: unknown): string {
  let text = "";
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    const part = current instanceof Error ? current.message : String(current);
    if (!text.includes(part)) text = text === "" ? part : `${text}: ${part}`;
    current = current instanceof Error ? current.cause : undefined;
  }
  return text;
}
