import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultConfiguration } from "../../../src/cli/config-init.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { devOcppValues, writeRunConfiguration } from "../../../src/dev/dev-station.ts";
import { profiles } from "../../../src/profiles/index.ts";
import { keyTableOf } from "../../../src/profiles/profile.ts";
import { tempDir } from "../../support/temp-dir.ts";

describe("the development station's configuration", () => {
  test("shows a whole session quickly: statuses at once, unplugging stops, a reading every 10 s; the product keeps its factory values", () => {
    expect(devOcppValues).toMatchObject({ MinimumStatusDuration: 0, StopTransactionOnEVSideDisconnect: true, MeterValueSampleInterval: 10 });
    const keys = keyTableOf(profiles);
    expect(keys.find("MinimumStatusDuration")?.factory).toBe("90");
    expect(keys.find("StopTransactionOnEVSideDisconnect")?.factory).toBe("false");
    expect(keys.find("MeterValueSampleInterval")?.factory).toBe("20");
  });

  test("the run file has the development values under station.json's own, and this run's Central System", () => {
    const dir = tempDir();
    const config = defaultConfiguration("data");
    writeFileSync(join(dir, "station.json"), JSON.stringify({ ...config, ocpp: { MeterValueSampleInterval: 30 } }));
    const { file, devValues } = writeRunConfiguration(dir, "ws://127.0.0.1:9123/ocpp");
    expect(devValues).not.toHaveProperty("MeterValueSampleInterval");
    const run = JSON.parse(readFileSync(file, "utf8"));
    expect(run.centralSystem.url).toBe("ws://127.0.0.1:9123/ocpp");
    expect(run.ocpp).toEqual({ ...devOcppValues, MeterValueSampleInterval: 30 });
    const loaded = loadConfig(file);
    expect(loaded.ocppOverrides).toMatchObject({ MinimumStatusDuration: "0", StopTransactionOnEVSideDisconnect: "true", MeterValueSampleInterval: "30" });
    expect(loaded.config.dataDir).toBe(join(dir, "data"));
  });
});
