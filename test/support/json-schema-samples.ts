/**
 * Builds payloads from a JSON schema: a minimal and a maximal valid one, valid variants of each field,
 * and invalid mutations of each field, every one labelled with what it exercises and whether it is valid.
 * Knows the keywords of the OCPP 1.6 schemas only, and refuses any other so none is silently untested.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  enum?: Json[];
  format?: "date-time" | "uri";
  multipleOf?: number;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
};
export type Sample = { label: string; value: Json; isValid: boolean };
export type Path = (string | number)[];

// Annotations and keywords without effect on these schemas (additionalItems: `items` is one schema).
const ignoredKeywords = new Set(["$schema", "$id", "title", "javaType", "additionalItems", "definitions"]);
const handledKeywords = new Set([
  "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
  "maxLength", "enum", "format", "multipleOf", "$ref",
]);

/** Inlines local `#/definitions/…` refs and rejects keywords this generator does not understand. */
export function dereference(schema: JsonSchema, root: JsonSchema = schema): JsonSchema {
  const unknown = Object.keys(schema).filter((key) => !ignoredKeywords.has(key) && !handledKeywords.has(key));
  if (unknown.length > 0) throw new Error(`unsupported JSON schema keyword(s): ${unknown.join(", ")}`);
  if (schema.$ref !== undefined) {
    const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : root.definitions?.[name];
    if (target === undefined) throw new Error(`unresolvable $ref ${schema.$ref}`);
    return dereference(target, root);
  }
  const { definitions: _definitions, ...rest } = schema;
  const resolved: JsonSchema = { ...rest };
  if (schema.properties !== undefined) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, property]) => [key, dereference(property, root)]),
    );
  }
  if (schema.items !== undefined) resolved.items = dereference(schema.items, root);
  return resolved;
}

export const validDateTimes = [
  "2024-02-29T23:59:59.999Z",
  "2024-01-31T12:00:00+02:00",
  "2024-01-31t12:00:00z",
  "2024-01-31 12:00:00-05:30",
  "2024-01-31T12:00:00+0200",
  "2016-12-31T23:59:60Z",
  "2017-01-01T00:59:60+01:00",
];
export const invalidDateTimes = [
  "2024-13-01T00:00:00Z",
  "yesterday",
  "2024-01-31T12:00:00",
  "2024-02-30T10:00:00Z",
  "2023-02-29T10:00:00Z",
  "2024-01-01T24:00:00Z",
  "2024-01-01T12:60:00Z",
  "2024-01-01T12:00:00+24:00",
  "2024-01-01T23:59:60+01:00",
  "2024-01-01",
  "2024-01-01T12:00Z",
  "1706702400",
];
export const validUris = ["ftp://user:pw@192.168.0.1:21/fw/v1.2.bin", "https://[2001:db8::1]/d?id=1#top", "urn:oca:fw"];
export const invalidUris = ["not a uri", "//example.com/fw.bin", "example.com/fw.bin", "http://exa mple.com/", ""];

function stringSample(schema: JsonSchema, isMaximal: boolean): string {
  if (schema.enum !== undefined) return String(isMaximal ? schema.enum.at(-1) : schema.enum[0]);
  if (schema.format === "date-time") return isMaximal ? "2024-01-31T12:00:00.123+01:00" : "2024-01-31T12:00:00Z";
  if (schema.format === "uri") return isMaximal ? "ftp://diag.example.com/upload/" : "https://example.com/fw.bin";
  if (!isMaximal) return "";
  return schema.maxLength === undefined ? "text" : "A".repeat(schema.maxLength);
}

function sample(schema: JsonSchema, isMaximal: boolean): Json {
  switch (schema.type) {
    case "object": {
      const keys = Object.keys(schema.properties ?? {}).filter((key) => isMaximal || schema.required?.includes(key));
      return Object.fromEntries(keys.map((key) => [key, sample(schema.properties?.[key] ?? {}, isMaximal)]));
    }
    case "array": {
      const count = isMaximal ? Math.min(2, schema.maxItems ?? 2) : (schema.minItems ?? 0);
      return Array.from({ length: Math.max(count, schema.minItems ?? 0) }, () => sample(schema.items ?? {}, isMaximal));
    }
    case "string":
      return stringSample(schema, isMaximal);
    case "integer":
      return isMaximal ? 2147483647 : 0;
    case "number":
      return isMaximal ? (schema.multipleOf === undefined ? 1.5 : 21.4) : 0;
    case "boolean":
      return isMaximal;
    default:
      throw new Error(`unsupported type ${String(schema.type)}`);
  }
}

/** Only the required fields, each as small as allowed. */
export const minimalSample = (schema: JsonSchema): Json => sample(schema, false);
/** Every field present, strings at their maximum length. */
export const maximalSample = (schema: JsonSchema): Json => sample(schema, true);

type Node = { path: Path; schema: JsonSchema; parent: JsonSchema | undefined; value: Json };

/** Every schema node that occurs in `value`, root first. */
export function nodesOf(schema: JsonSchema, value: Json, path: Path = [], parent?: JsonSchema): Node[] {
  const nodes: Node[] = [{ path, schema, parent, value }];
  if (schema.type === "object" && isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const property = schema.properties?.[key];
      if (property !== undefined) nodes.push(...nodesOf(property, child, [...path, key], schema));
    }
  } else if (schema.type === "array" && Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, index) => nodes.push(...nodesOf(schema.items ?? {}, item, [...path, index], schema)));
  }
  return nodes;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const remove = Symbol("remove");

/** A copy of `root` with the value at `path` replaced, or deleted when `next` is `remove`. */
export function withValueAt(root: Json, path: Path, next: Json | typeof remove): Json {
  if (path.length === 0) return next === remove ? null : structuredClone(next);
  const copy = structuredClone(root);
  let container: Json = copy;
  for (const key of path.slice(0, -1)) container = (container as Record<string | number, Json>)[key] as Json;
  const last = path.at(-1) as string | number;
  if (next === remove && Array.isArray(container)) container.splice(last as number, 1);
  else if (next === remove) delete (container as Record<string, Json>)[last];
  else (container as Record<string | number, Json>)[last] = structuredClone(next);
  return copy;
}

export function formatPath(path: Path): string {
  if (path.length === 0) return "(payload)";
  return path.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("").replace(/^\./, "");
}

type Variant = { description: string; next: Json | typeof remove; isValid: boolean };
const valid = (description: string, next: Json | typeof remove): Variant => ({ description, next, isValid: true });
const invalid = (description: string, next: Json | typeof remove): Variant => ({ description, next, isValid: false });

function stringVariants(schema: JsonSchema): Variant[] {
  if (schema.enum !== undefined) {
    const first = String(schema.enum[0]);
    return [
      ...schema.enum.map((option) => valid(`= ${JSON.stringify(option)}`, option)),
      invalid("not in the enum", "NotAnEnumValue"),
      ...(first.toLowerCase() === first ? [] : [invalid("in lower case (enums are case-sensitive)", first.toLowerCase())]),
      invalid("empty, not in the enum", ""),
    ];
  }
  if (schema.format === "date-time") {
    return [
      ...validDateTimes.map((text) => valid(`date-time ${JSON.stringify(text)}`, text)),
      ...invalidDateTimes.map((text) => invalid(`bad date-time ${JSON.stringify(text)}`, text)),
    ];
  }
  if (schema.format === "uri") {
    return [
      ...validUris.map((text) => valid(`uri ${JSON.stringify(text)}`, text)),
      ...invalidUris.map((text) => invalid(`bad uri ${JSON.stringify(text)}`, text)),
    ];
  }
  if (schema.maxLength === undefined) return [valid("empty", ""), valid("long", "x".repeat(20_000))];
  const max = schema.maxLength;
  return [
    valid("empty", ""),
    valid(`${max} astral characters (length counts code points)`, "😀".repeat(max)),
    invalid(`${max + 1} characters, over maxLength`, "A".repeat(max + 1)),
    invalid(`${max + 1} astral characters, over maxLength`, "😀".repeat(max + 1)),
  ];
}

function numberVariants(schema: JsonSchema): Variant[] {
  if (schema.type === "integer") {
    return [
      valid("negative", -1),
      valid("zero", 0),
      valid("largest safe integer", Number.MAX_SAFE_INTEGER),
      invalid("fractional", 1.5),
      invalid("numeric string", "1"),
    ];
  }
  const variants = [0.3, -7.7, 123456.7, 3].map((n) => valid(`= ${n}`, n));
  if (schema.multipleOf !== undefined) {
    variants.push(...[21.45, 0.01].map((n) => invalid(`${n}, no multiple of ${schema.multipleOf}`, n)));
  }
  return [...variants, invalid("numeric string", "1.5")];
}

function variantsOf(node: Node): Variant[] {
  const { schema, parent, path } = node;
  const key = path.at(-1);
  const variants: Variant[] = [invalid("null", null)];
  if (parent?.type === "object" && typeof key === "string") {
    const isRequired = parent.required?.includes(key) ?? false;
    variants.push(isRequired ? invalid("missing (required)", remove) : valid("absent (optional)", remove));
  }
  switch (schema.type) {
    case "object":
      variants.push(invalid("an array", []), invalid("a string", "x"));
      if (schema.additionalProperties === false) {
        variants.push(invalid("with an unknown property", { ...(node.value as object), unexpectedField: 1 }));
      }
      break;
    case "array":
      variants.push(invalid("an object", {}), invalid("a string", "x"));
      variants.push(schema.minItems ? invalid(`with fewer than ${schema.minItems} items`, []) : valid("empty", []));
      break;
    case "string":
      variants.push(invalid("a number", 42), ...stringVariants(schema));
      break;
    case "integer":
    case "number":
      variants.push(invalid("a boolean", true), ...numberVariants(schema));
      break;
    case "boolean":
      variants.push(valid("false", false), invalid("a string", "true"), invalid("a number", 1));
      break;
  }
  return variants;
}

/** Minimal and maximal payloads, then each field of the maximal one varied in turn. */
export function samplesOf(schema: JsonSchema): Sample[] {
  const maximal = maximalSample(schema);
  const samples: Sample[] = [
    { label: "minimal payload", value: minimalSample(schema), isValid: true },
    { label: "maximal payload", value: maximal, isValid: true },
  ];
  for (const node of nodesOf(schema, maximal)) {
    for (const { description, next, isValid } of variantsOf(node)) {
      const label = `${formatPath(node.path)} ${description}`;
      samples.push({ label, value: withValueAt(maximal, node.path, next), isValid });
    }
  }
  return samples;
}
