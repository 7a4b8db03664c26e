import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/**
 * The layers of the firmware, lowest first: a folder may import its own layer and the ones below,
 * never one above (STYLE.md "Dependencies point inward"). The station domain is pure: no I/O.
 */
const layers: readonly (readonly string[])[] = [
  ["messages", "version", "built-ins"],
  ["station"],
  ["log", "ocpp", "store", "transfer"],
  ["profiles"],
  ["config"],
  ["drivers"],
  ["diag"],
  ["control"],
  ["cli", "build"],
  ["dev", "main"],
];

/** Modules that touch the outside world; the domain gets all of them through its ports. */
const ioModules = /^(ws|johnny-five|firmata-io|drizzle-orm|bun:sqlite|bun|node:(fs|net|child_process|http|https|dgram|tls)|.*\/drivers\/.*)/;

const root = resolve(import.meta.dir, "..", "..");

type Import = { file: string; specifier: string; folder: string | undefined; isTypeOnly: boolean };

/** Built-ins a station's start does not need; src/built-ins.ts loads them at first use. */
const lazyBuiltIns = /^node:(child_process|crypto|fs\/promises|net|readline|stream|stream\/promises|tls|zlib)$/;
/** Modules only another command loads (src/cli/cli.ts imports each command's modules when it runs). */
const commandOnlyModules = new Set(["src/diag/ping.ts", "src/diag/ws-upgrade-probe.ts"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** The top folder of src a path lies in (`drivers` for drivers/), or undefined outside the firmware. */
function folderOf(path: string): string | undefined {
  const parts = relative(root, path).split(sep);
  if (parts[0] === "drivers") return "drivers";
  if (parts[0] !== "src" || parts.length < 2) return undefined;
  return parts.length === 2 ? parts[1]!.replace(/\.ts$/, "") : parts[1];
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\b([^"']*?)from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)].map((match) => {
    const specifier = (match[2] ?? match[3])!;
    const folder = specifier.startsWith(".") ? folderOf(resolve(dirname(file), specifier)) : undefined;
    return { file: relative(root, file), specifier, folder, isTypeOnly: /^\s*type\b/.test(match[1] ?? "") };
  });
}

const firmware = [...sourceFiles(join(root, "src")), ...sourceFiles(join(root, "drivers"))];
const layerOf = (folder: string) => layers.findIndex((layer) => layer.includes(folder));

describe("layers", () => {
  test("every folder of the firmware has a layer", () => {
    const folders = new Set(firmware.map((file) => folderOf(file)!));
    expect([...folders].filter((folder) => layerOf(folder) < 0)).toEqual([]);
  });

  test("no folder imports a folder of a higher layer (no loops between folders)", () => {
    const upward = firmware.flatMap((file) =>
      importsOf(file)
        .filter(({ folder }) => folder !== undefined && layerOf(folder) > layerOf(folderOf(file)!))
        .map(({ file, specifier }) => `${file} imports ${specifier}`),
    );
    expect(upward).toEqual([]);
  });

  test("the station domain imports no I/O: no ws, SQLite, drizzle, file system, drivers", () => {
    const station = firmware.filter((file) => folderOf(file) === "station");
    expect(station.length).toBeGreaterThan(20);
    const io = station.flatMap((file) => importsOf(file).filter(({ specifier }) => ioModules.test(specifier)).map(({ file, specifier }) => `${file} imports ${specifier}`));
    expect(io).toEqual([]);
  });

  test("Node built-ins the start does not need are loaded at first use, through src/built-ins.ts (issue 18)", () => {
    const loadedAtStart = firmware.flatMap((file) =>
      importsOf(file)
        .filter(({ file, specifier, isTypeOnly }) => !isTypeOnly && lazyBuiltIns.test(specifier) && !commandOnlyModules.has(file))
        .map(({ file, specifier }) => `${file} imports ${specifier}`),
    );
    expect(loadedAtStart).toEqual([]);
    expect(importsOf(join(root, "src/diag/ping.ts")).some(({ specifier, isTypeOnly }) => lazyBuiltIns.test(specifier) && !isTypeOnly)).toBe(true);
  });

  test("the checks see a violation: an upward import and an I/O import are both caught", () => {
    expect(folderOf(resolve(root, "src/station/x.ts"))).toBe("station");
    expect(layerOf("cli")).toBeGreaterThan(layerOf("station"));
    expect(ioModules.test("bun:sqlite")).toBe(true);
    expect(ioModules.test("../../drivers/index.ts")).toBe(true);
    expect(ioModules.test("valibot")).toBe(false);
  });
});
