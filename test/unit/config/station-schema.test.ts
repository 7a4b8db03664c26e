import { describe, expect, test } from "bun:test";
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stationConfigJsonSchema, stationSchemaFile } from "../../../src/build/config-schema.ts";
import { schemaFileName, writeDefaultConfiguration } from "../../../src/cli/config-init.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { tempDir } from "../../support/temp-dir.ts";

const committed = JSON.parse(readFileSync(stationSchemaFile, "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(committed);

/** What `config init` writes, with the comments it writes too. */
function initialConfig(): { file: string; json: Record<string, any> } {
  const file = writeDefaultConfiguration(join(tempDir(), "station.json"), { dataDir: "data", force: false });
  return { file, json: JSON.parse(readFileSync(file, "utf8")) };
}

describe("station.json's JSON Schema (issue 19)", () => {
  test("the committed station.schema.json is what the valibot schema converts to (run `bun run config:schema` after changing it)", () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(stationConfigJsonSchema())));
  });

  test("config init writes a $schema reference and the schema beside the file; the loader takes the field", () => {
    const { file, json } = initialConfig();
    expect(json.$schema).toBe(`./${schemaFileName}`);
    expect(JSON.parse(readFileSync(join(dirname(file), schemaFileName), "utf8"))).toEqual(committed);
    const loaded = loadConfig(file);
    expect(loaded.ignoredFields).toEqual([]);
    expect(loaded.config.chargePointId).toBe("CSC22B7-0001");
  });

  test("what config init writes, comments included, meets the schema, and so do a Firmata board and profile 2", () => {
    const { json } = initialConfig();
    expect({ isValid: validate(json), errors: validate.errors }).toEqual({ isValid: true, errors: null });
    const firmata = {
      ...json,
      hardware: { board: "firmata", port: "/dev/ttyACM0", baudRate: 57600, reader: { type: "uart", serialPort: "HW_SERIAL1", baudRate: 9600 }, emergencyStopPin: 30 },
      centralSystem: { url: "wss://csms.example.com/ocpp", securityProfile: 2, authorizationKey: "00112233445566778899aabbccddeeff", caFile: "csms-ca.pem" },
    };
    expect({ isValid: validate(firmata), errors: validate.errors }).toEqual({ isValid: true, errors: null });
  });

  test("an editor is told of a misspelt field, a value out of range and an unknown board, as the loader would be", () => {
    const { json } = initialConfig();
    const cases = [
      { ...json, centralSystem: { ...json.centralSystem, securityProfil: 2 } },
      { ...json, centralSystem: { ...json.centralSystem, securityProfile: 5 } },
      { ...json, hardware: { board: "arduino" } },
      { ...json, hardware: { board: "firmata" } },
      { ...json, ocpp: { "Heartbeat Interval": 60 } },
      { ...json, chargePointId: undefined },
    ];
    expect(cases.map((config) => validate(JSON.parse(JSON.stringify(config))))).toEqual(cases.map(() => false));
  });
});
