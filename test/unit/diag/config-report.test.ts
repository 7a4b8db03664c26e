import { stationKeys } from "../../support/key-table.ts";
import { describe, expect, test } from "bun:test";
import { configKeys } from "../../../src/diag/config-report.ts";
import { Configuration } from "../../../src/station/configuration/configuration.ts";
import { MemoryConfigurationStore } from "../../support/memory-configuration-store.ts";

function keysFor(fromFile: Record<string, string>, changedByCsms: Record<string, string>) {
  const store = new MemoryConfigurationStore();
  for (const [key, value] of Object.entries(changedByCsms)) store.save(key, value);
  const configuration = new Configuration({ keys: stationKeys, overrides: fromFile, store });
  return configKeys(configuration, fromFile, store.loadAll());
}

describe("diag config", () => {
  test("each key says whether it differs from the factory value and who changed it", () => {
    const keys = keysFor({ MeterValueSampleInterval: "60", ConnectionTimeOut: "60" }, { HeartbeatInterval: "900" });
    const byName = new Map(keys.map((key) => [key.key, key]));
    expect(byName.get("HeartbeatInterval")).toEqual({ key: "HeartbeatInterval", value: "900", readonly: false, factory: "270", isChanged: true, source: "Central System" });
    expect(byName.get("MeterValueSampleInterval")).toMatchObject({ value: "60", factory: "20", isChanged: true, source: "station.json" });
    expect(byName.get("ConnectionTimeOut")).toMatchObject({ value: "60", isChanged: false, source: "station.json" });
    expect(byName.get("BlinkRepeat")).toMatchObject({ value: "3", isChanged: false, source: "factory" });
    expect(byName.get("NumberOfConnectors")).toMatchObject({ value: "2", readonly: true, isChanged: false });
  });

  test("lists write-only keys too, but never shows the AuthorizationKey", () => {
    const key = "00112233445566778899aabbccddeeff";
    const entry = keysFor({ AuthorizationKey: key }, {}).find((k) => k.key === "AuthorizationKey");
    expect(entry).toMatchObject({ value: "(set, hidden)", isChanged: true });
    expect(JSON.stringify(keysFor({ AuthorizationKey: key }, {}))).not.toContain(key);
    expect(keysFor({}, {}).find((k) => k.key === "AuthorizationKey")).toMatchObject({ value: null, isChanged: false });
  });

  test("lists what GetConfiguration lists, plus the write-only keys", () => {
    const configuration = new Configuration({ keys: stationKeys, overrides: {}, store: new MemoryConfigurationStore() });
    const readable = configuration.readAll().configurationKey.map((key) => key.key);
    expect(configKeys(configuration, {}, new Map()).map((key) => key.key)).toEqual(expect.arrayContaining([...readable, "AuthorizationKey"]));
    expect(configKeys(configuration, {}, new Map())).toHaveLength(readable.length + 1);
  });
});
