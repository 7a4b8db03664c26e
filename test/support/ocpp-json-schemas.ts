/** The official OCPP 1.6-J JSON schemas (shared/ocpp16/schemas, beside the repository) and an Ajv to check payloads against them. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };
import addFormats from "ajv-formats";
import { multipleOfPrecision } from "../../src/messages/common.ts";
import { type JsonSchema, dereference } from "./json-schema-samples.ts";

export const officialSchemaDir = join(import.meta.dir, "..", "..", "..", "shared", "ocpp16", "schemas");

export type OfficialSchema = {
  file: string;
  action: string;
  direction: "request" | "response";
  /** The title, or for the untitled security-extension files `<Action>Request` / `<Action>Response`. */
  name: string;
  raw: JsonSchema & { $schema?: string; title?: string };
  /** `raw` with its refs inlined, for the sample generator. */
  schema: JsonSchema;
};

export function loadOfficialSchemas(): OfficialSchema[] {
  const files = readdirSync(officialSchemaDir).filter((file) => file.endsWith(".json")).sort();
  return files.map((file) => {
    const raw = JSON.parse(readFileSync(join(officialSchemaDir, file), "utf8")) as OfficialSchema["raw"];
    const isResponse = file.endsWith("Response.json");
    const action = file.replace(/(Response)?\.json$/, "");
    const name = raw.title ?? `${action}${isResponse ? "Response" : "Request"}`;
    return { file, action, direction: isResponse ? "response" : "request", name, raw, schema: dereference(raw) };
  });
}

const draft04 = "http://json-schema.org/draft-04/schema#";

/**
 * Ajv 8 has no draft-04 meta-schema. The core files use only keywords whose meaning draft-04 and draft-07 share,
 * so they compile once `$schema` is dropped; this refuses the draft-04-only forms (`id`, boolean exclusive limits).
 */
export function forAjv(raw: OfficialSchema["raw"]): object {
  if (raw.$schema !== draft04) return raw;
  const draft04Only = draft04Keywords(raw);
  if (draft04Only.length > 0) throw new Error(`draft-04-only keywords ${draft04Only.join(", ")}: use a draft-04 validator`);
  const { $schema: _draft, ...rest } = raw;
  return rest;
}

function draft04Keywords(schema: Record<string, unknown>): string[] {
  const found = Object.entries(schema)
    .filter(([key, value]) => key === "id" || (/^exclusive(Minimum|Maximum)$/.test(key) && typeof value === "boolean"))
    .map(([key]) => key);
  const subschemas = [
    ...Object.values((schema.properties ?? {}) as Record<string, Record<string, unknown>>),
    ...Object.values((schema.definitions ?? {}) as Record<string, Record<string, unknown>>),
    ...(schema.items === undefined ? [] : [schema.items as Record<string, unknown>]),
  ];
  return [...found, ...subschemas.flatMap(draft04Keywords)];
}

export function createAjv(): Ajv {
  // strict: false, as SOURCE.md advises: enum strings carry a meaningless additionalProperties, one file has javaType.
  const ajv = new Ajv({ strict: false, multipleOfPrecision });
  addFormats(ajv);
  ajv.addMetaSchema(draft06);
  return ajv;
}

export function compileOfficial(ajv: Ajv, official: OfficialSchema): ValidateFunction {
  return ajv.compile(forAjv(official.raw));
}
