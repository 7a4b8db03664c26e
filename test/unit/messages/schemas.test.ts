import { describe, expect, test } from "bun:test";
import type { ValidateFunction } from "ajv";
import fc from "fast-check";
import * as v from "valibot";
import { messages } from "../../../src/messages/index.ts";
import { mutatedArbitrary, validArbitrary } from "../../support/json-schema-arbitrary.ts";
import { type Json, samplesOf } from "../../support/json-schema-samples.ts";
import { compileOfficial, createAjv, loadOfficialSchemas } from "../../support/ocpp-json-schemas.ts";

const ajv = createAjv();
const officials = loadOfficialSchemas();

test("all 78 official JSON schemas are checked", () => {
  expect(officials).toHaveLength(78);
});

for (const official of officials) {
  describe(`${official.file} → ${official.name}`, () => {
    const ours: v.GenericSchema = messages[official.action as keyof typeof messages][official.direction];
    const samples = samplesOf(official.schema);
    let validate: ValidateFunction | undefined;
    const verdicts = (value: Json) => ({
      ajv: (validate ??= compileOfficial(ajv, official))(value) === true,
      valibot: v.safeParse(ours, value).success,
    });
    const disagreements = (isValid: boolean) =>
      samples
        .filter((sample) => sample.isValid === isValid)
        .map((sample) => ({ label: sample.label, ...verdicts(sample.value) }))
        .filter((verdict) => verdict.ajv !== isValid || verdict.valibot !== isValid);

    test("compiles with Ajv", () => {
      expect(() => compileOfficial(createAjv(), official)).not.toThrow();
    });

    test("Ajv and the valibot schema accept the minimal, the maximal and every valid variant", () => {
      expect(samples.filter((sample) => sample.isValid).length).toBeGreaterThanOrEqual(2);
      expect(disagreements(true)).toEqual([]);
    });

    test("Ajv and the valibot schema reject a missing field, a wrong type, an over-long string, a bad enum, an extra property and a bad date", () => {
      expect(samples.some((sample) => !sample.isValid)).toBe(true);
      expect(disagreements(false)).toEqual([]);
    });

    test("Ajv and the valibot schema agree on random payloads and on random single changes to them", () => {
      fc.assert(
        fc.property(validArbitrary(official.schema), (value) => {
          const verdict = verdicts(JSON.parse(JSON.stringify(value)) as Json);
          return verdict.ajv && verdict.valibot;
        }),
        { numRuns: 150 },
      );
      fc.assert(
        fc.property(mutatedArbitrary(official.schema), ({ value }) => {
          const verdict = verdicts(value);
          return verdict.ajv === verdict.valibot;
        }),
        { numRuns: 300 },
      );
    });
  });
}
