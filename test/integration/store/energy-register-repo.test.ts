import { describe, expect, test } from "bun:test";
import { openStore } from "../../../src/store/db.ts";
import { EnergyRegisterRepo } from "../../../src/store/energy-register-repo.ts";
import { tempDir } from "../../support/temp-dir.ts";

describe("EnergyRegisterRepo", () => {
  test("keeps each connector's register across reopening, starting from 0", () => {
    const dataDir = tempDir();
    const repo = new EnergyRegisterRepo(openStore(dataDir).db, () => new Date());
    expect(repo.load(1)).toBe(0);
    repo.save(1, 1234.7);
    repo.save(2, 50);
    const reopened = new EnergyRegisterRepo(openStore(dataDir).db, () => new Date());
    expect([reopened.load(1), reopened.load(2)]).toEqual([1234, 50]);
  });

  test("never lets a register go back", () => {
    const repo = new EnergyRegisterRepo(openStore(tempDir()).db, () => new Date());
    repo.save(1, 500);
    repo.save(1, 400);
    expect(repo.load(1)).toBe(500);
  });
});
