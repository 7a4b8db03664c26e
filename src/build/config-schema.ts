/**
 * The JSON Schema of station.json, converted from the valibot schema (src/config/schema.ts) that the
 * station itself checks with, so that editors complete and check the file. `bun run config:schema`
 * writes it to src/config/station.schema.json, which is committed (the executable embeds it for
 * `config init`); a test says when it is out of date.
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { StationConfig } from "../config/schema.ts";

export const stationSchemaFile = join(import.meta.dir, "..", "config", "station.schema.json");

type JsonSchema = { [key: string]: unknown };

export function stationConfigJsonSchema(): JsonSchema {
  // Checks across fields (pin clashes, what a security profile needs) and trimming have no JSON
  // Schema form: `config check` reports them.
  const converted = toJsonSchema(StationConfig, { errorMode: "ignore" }) as JsonSchema;
  return {
    $schema: converted.$schema,
    title: "CSC-22B7 station.json",
    description: "The CSC-22B7 station's configuration (README: Configuration). Keys starting with // are comments. `csc22b7 config check FILE` checks what this schema cannot.",
    ...(allowingComments(converted) as JsonSchema),
  };
}

/** Every object takes "//" keys, as the loader does (it drops them before checking). */
function allowingComments(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(allowingComments);
  if (typeof schema !== "object" || schema === null) return schema;
  const walked: JsonSchema = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, allowingComments(value)]));
  if (walked.type !== "object") return walked;
  const { propertyNames } = walked;
  return {
    ...walked,
    patternProperties: { "^//": {}, ...(walked.patternProperties as JsonSchema | undefined) },
    ...(propertyNames === undefined ? {} : { propertyNames: { anyOf: [{ pattern: "^//" }, propertyNames] } }),
  };
}

if (import.meta.main) {
  writeFileSync(stationSchemaFile, JSON.stringify(stationConfigJsonSchema(), null, 2) + "\n");
  console.log(`wrote ${stationSchemaFile}`);
}
