import { stationKeys } from "../../../support/key-table.ts";
import { describe, expect, test } from "bun:test";
import { Configuration, type ConfigurationOptions } from "../../../../src/station/configuration/configuration.ts";
import type { KeyName } from "../../../../src/station/configuration/key-definition.ts";
import { configurationStoreContract } from "../../../support/contracts/configuration-store.contract.ts";
import { MemoryConfigurationStore } from "../../../support/memory-configuration-store.ts";

configurationStoreContract("in memory", () => {
  const store = new MemoryConfigurationStore();
  return { store, reopen: () => store };
});

function configuration(options: Partial<ConfigurationOptions> = {}) {
  const store = (options.store as MemoryConfigurationStore | undefined) ?? new MemoryConfigurationStore();
  return { store, config: new Configuration({ keys: stationKeys, overrides: {}, store, ...options }) };
}

describe("Configuration", () => {
  test("starts from the CSC-22B7 factory values", () => {
    const { config } = configuration();
    expect(config.integer("HeartbeatInterval")).toBe(270);
    expect(config.integer("GetConfigurationMaxKeys")).toBe(4);
    expect(config.boolean("AuthorizeRemoteTxRequests")).toBe(true);
    expect(config.list("MeterValuesSampledData")).toEqual(["Energy.Active.Import.Register"]);
    expect(config.get("SupportedFeatureProfiles")?.split(",")).toContain("Core");
  });

  test("station.json overrides the factory value and a stored change overrides both", () => {
    const store = new MemoryConfigurationStore();
    store.save("HeartbeatInterval", "30");
    const { config } = configuration({ store, overrides: { HeartbeatInterval: "60", MeterValueSampleInterval: "10" } });
    expect(config.integer("HeartbeatInterval")).toBe(30);
    expect(config.integer("MeterValueSampleInterval")).toBe(10);
  });

  test("discards a stored value this firmware no longer accepts and says so", () => {
    const store = new MemoryConfigurationStore();
    store.save("MeterValuesSampledData", "SoC");
    store.save("RetiredKey", "1");
    const discarded: string[] = [];
    const { config } = configuration({ store, onDiscarded: (key, _value, reason) => discarded.push(`${key}: ${reason}`) });
    expect(config.get("MeterValuesSampledData")).toBe("Energy.Active.Import.Register");
    expect(discarded).toEqual(['MeterValuesSampledData: "SoC" is not supported', "RetiredKey: not a configuration key of this firmware"]);
  });

  test("GetConfiguration without keys lists every readable key of the implemented profiles", () => {
    const { config } = configuration();
    const { configurationKey } = config.readAll();
    const names = configurationKey.map((entry) => entry.key);
    expect(names).toContain("HeartbeatInterval");
    expect(names).toContain("SecurityProfile");
    expect(names).not.toContain("AuthorizationKey");
    expect(names).toHaveLength(stationKeys.definitions.filter((d) => d.access !== "W").length);
    expect(configurationKey.find((entry) => entry.key === "NumberOfConnectors")).toEqual({ key: "NumberOfConnectors", readonly: true, value: "2" });
  });

  test("the every-key answer is frozen, the same until a value changes, then shows the new value", () => {
    const { config } = configuration();
    const first = config.readAll();
    expect(Object.isFrozen(first) && Object.isFrozen(first.configurationKey) && Object.isFrozen(first.configurationKey[0])).toBe(true);
    expect(config.readAll()).toBe(first);
    expect(config.change("HeartbeatInterval", "123")).toBe("Accepted");
    const second = config.readAll();
    expect(second).not.toBe(first);
    expect(second.configurationKey.find((entry) => entry.key === "HeartbeatInterval")?.value).toBe("123");
    config.correct("HeartbeatInterval", "77");
    expect(config.readAll().configurationKey.find((entry) => entry.key === "HeartbeatInterval")?.value).toBe("77");
  });

  test("GetConfiguration with keys matches names case-insensitively and lists unknown ones apart", () => {
    const { config } = configuration();
    expect(config.read(["heartbeatinterval", "Foo", "AuthorizationKey"])).toEqual({
      configurationKey: [{ key: "HeartbeatInterval", readonly: false, value: "270" }],
      unknownKey: ["Foo", "AuthorizationKey"],
    });
  });

  test("ChangeConfiguration accepts a valid value, stores it and tells listeners", () => {
    const { config, store } = configuration();
    const seen: string[] = [];
    config.onChange((key, value) => seen.push(`${key}=${value}`));
    expect(config.change("heartbeatInterval", "60")).toBe("Accepted");
    expect(store.saved.get("HeartbeatInterval")).toBe("60");
    expect(seen).toEqual(["HeartbeatInterval=60"]);
  });

  test("the value already in effect is accepted without being stored again, and listeners are still told", () => {
    const store = new MemoryConfigurationStore();
    const { config } = configuration({ store, overrides: { MeterValueSampleInterval: "10" } });
    let saves = 0;
    const save = store.save.bind(store);
    store.save = (key, value) => {
      saves++;
      save(key, value);
    };
    const seen: string[] = [];
    config.onChange((key, value) => seen.push(`${key}=${value}`));
    // The factory's value, station.json's, then a stored one: each is what the next start reads again.
    expect(config.change("HeartbeatInterval", "270")).toBe("Accepted");
    expect(config.change("MeterValueSampleInterval", "10")).toBe("Accepted");
    expect(saves).toBe(0);
    expect(config.change("HeartbeatInterval", "60")).toBe("Accepted");
    expect(config.change("HeartbeatInterval", "60")).toBe("Accepted");
    expect(saves).toBe(1);
    expect(store.saved.get("HeartbeatInterval")).toBe("60");
    expect(seen).toEqual(["HeartbeatInterval=270", "MeterValueSampleInterval=10", "HeartbeatInterval=60", "HeartbeatInterval=60"]);
    // A value equal to the one in effect is accepted even when the store could take nothing.
    store.save = () => {
      throw new Error("database or disk is full");
    };
    expect(config.change("HeartbeatInterval", "60")).toBe("Accepted");
  });

  test("ChangeConfiguration answers NotSupported for an unknown key and Rejected for a read-only one", () => {
    const { config, store } = configuration();
    expect(config.change("FooBar", "1")).toBe("NotSupported");
    expect(config.change("NumberOfConnectors", "3")).toBe("Rejected");
    expect(config.change("UnlockConnectorOnEVSideDisconnect", "true")).toBe("Rejected");
    expect(store.saved.size).toBe(0);
  });

  const rejected: [string, string][] = [
    ["HeartbeatInterval", "abc"],
    ["HeartbeatInterval", "1.5"],
    ["WebSocketPingInterval", "-1"],
    ["LocalPreAuthorize", "yes"],
    ["MeterValuesSampledData", "Energy.Active.Import.Register,SoC"],
    ["ConnectorPhaseRotation", "0.RST,1.XYZ"],
    ["AuthorizationKey", "0011"],
  ];
  for (const [key, value] of rejected) {
    test(`ChangeConfiguration rejects ${key}=${value} and changes nothing`, () => {
      const { config, store } = configuration();
      const before = config.get(key as KeyName);
      expect(config.change(key, value)).toBe("Rejected");
      expect(config.get(key as KeyName)).toBe(before);
      expect(store.saved.size).toBe(0);
    });
  }

  test("a list may not hold more items than its MaxLength companion allows", () => {
    const { config } = configuration({ overrides: { MeterValuesSampledDataMaxLength: "2" } });
    expect(config.change("MeterValuesSampledData", "Energy.Active.Import.Register,Power.Active.Import")).toBe("Accepted");
    expect(config.change("MeterValuesSampledData", "Energy.Active.Import.Register,Power.Active.Import,Current.Offered")).toBe("Rejected");
  });

  test("booleans are accepted in any case and stored in lower case", () => {
    const { config } = configuration();
    expect(config.change("LocalPreAuthorize", "TRUE")).toBe("Accepted");
    expect(config.get("LocalPreAuthorize")).toBe("true");
  });

  test("AuthorizationKey can be written but never read back", () => {
    const { config } = configuration();
    expect(config.change("AuthorizationKey", "00112233445566778899AABBCCDDEEFF")).toBe("Accepted");
    expect(config.get("AuthorizationKey")).toBe("00112233445566778899AABBCCDDEEFF");
    expect(JSON.stringify(config.readAll())).not.toContain("00112233");
  });

  test("key names are typed: a misspelt key or a key read as the wrong type does not compile (run test typechecks first)", () => {
    const { config } = configuration();
    // @ts-expect-error: no profile declares this key
    expect(config.integer("MeterValueSampleIntervall")).toBeNaN();
    // @ts-expect-error: LocalPreAuthorize is a boolean key
    expect(config.integer("LocalPreAuthorize")).toBeNaN();
    expect(config.integer("MeterValueSampleInterval")).toBe(20);
  });

  test("a value the store cannot take (a full disk) is Rejected and not kept in memory only", () => {
    const failures: string[] = [];
    const { config, store } = configuration({ onSaveFailed: (key) => failures.push(key) });
    store.save = () => {
      throw new Error("database or disk is full");
    };
    expect(config.change("HeartbeatInterval", "60")).toBe("Rejected");
    expect(config.integer("HeartbeatInterval")).toBe(270);
    expect(failures).toEqual(["HeartbeatInterval"]);
  });

  test("a guard can refuse a value its type allows", () => {
    const { config } = configuration({ overrides: { SecurityProfile: "1" } });
    config.guard("SecurityProfile", (value, current) => (Number(value) <= Number(current) ? "may only be raised" : undefined));
    expect(config.change("SecurityProfile", "0")).toBe("Rejected");
    expect(config.change("SecurityProfile", "2")).toBe("Accepted");
  });
});
