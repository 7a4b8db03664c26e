/** fast-check arbitraries from a dereferenced JSON schema: valid payloads, and payloads with one random change. */
import fc from "fast-check";
import {
  type Json,
  type JsonSchema,
  invalidDateTimes,
  invalidUris,
  nodesOf,
  remove,
  validDateTimes,
  validUris,
  withValueAt,
} from "./json-schema-samples.ts";

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum.map(String));
  if (schema.format === "date-time") {
    const [min, max] = [new Date("1970-01-01T00:00:00Z"), new Date("2099-12-31T23:59:59Z")];
    const instant = fc.date({ min, max, noInvalidDate: true });
    return fc.oneof(instant.map((date) => date.toISOString()), fc.constantFrom(...validDateTimes));
  }
  if (schema.format === "uri") {
    return fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom(...validUris));
  }
  const text = fc.string({ unit: "binary", maxLength: schema.maxLength ?? 40 });
  return schema.maxLength === undefined ? text : fc.oneof(text, fc.constant("Z".repeat(schema.maxLength)));
}

/** Payloads the schema accepts. */
export function validArbitrary(schema: JsonSchema): fc.Arbitrary<Json> {
  switch (schema.type) {
    case "object": {
      const properties = Object.entries(schema.properties ?? {});
      const model = Object.fromEntries(properties.map(([key, property]) => [key, validArbitrary(property)]));
      return fc.record(model, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Json>;
    }
    case "array":
      return fc.array(validArbitrary(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case "string":
      return stringArbitrary(schema);
    case "integer":
      return fc.oneof(fc.integer(), fc.maxSafeInteger());
    case "number":
      return schema.multipleOf === undefined
        ? fc.double({ noNaN: true, noDefaultInfinity: true })
        : fc.integer({ min: -10_000_000, max: 10_000_000 }).map((tenths) => tenths / 10);
    case "boolean":
      return fc.boolean();
    default:
      throw new Error(`unsupported type ${String(schema.type)}`);
  }
}

type Change =
  | { kind: "replace"; value: Json }
  | { kind: "remove" }
  | { kind: "addProperty"; key: string; value: Json };

const changeArbitrary: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> }),
  fc.record({
    kind: fc.constant("replace" as const),
    value: fc.oneof(
      fc.constantFrom<Json>(...invalidDateTimes, ...invalidUris, "NotAnEnumValue", 1.5, 0.05, -0, 1e21),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ unit: "binary", maxLength: 600 }),
    ),
  }),
  fc.constant({ kind: "remove" as const }),
  fc.record({
    kind: fc.constant("addProperty" as const),
    key: fc.oneof(fc.string(), fc.constantFrom("toString", "constructor", "__proto__", "hasOwnProperty")),
    value: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>,
  }),
);

function applyChange(root: Json, path: (string | number)[], target: Json, change: Change): Json {
  if (change.kind === "replace") return withValueAt(root, path, change.value);
  if (change.kind === "remove") return path.length === 0 ? null : withValueAt(root, path, remove);
  const isObject = typeof target === "object" && target !== null && !Array.isArray(target);
  if (!isObject) return withValueAt(root, path, change.value);
  // defineProperty, so that a key like "__proto__" becomes an own property, as JSON.parse makes it.
  const extended = structuredClone(target);
  const property = { value: change.value, enumerable: true, writable: true, configurable: true };
  Object.defineProperty(extended, change.key, property);
  return withValueAt(root, path, extended);
}

/** A valid payload with one node replaced, removed or given an extra property; as JSON would deliver it. */
export function mutatedArbitrary(schema: JsonSchema): fc.Arbitrary<{ value: Json; change: string }> {
  return fc.tuple(validArbitrary(schema), fc.nat(), changeArbitrary).map(([base, index, change]) => {
    const nodes = nodesOf(schema, base);
    const node = nodes[index % nodes.length] ?? { path: [], value: base };
    const changed = applyChange(base, node.path, node.value, change);
    const description = `${change.kind} at ${JSON.stringify(node.path)}`;
    return { value: JSON.parse(JSON.stringify(changed)) as Json, change: description };
  });
}
