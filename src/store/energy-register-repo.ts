import { eq, sql } from "drizzle-orm";
import type { MeterPersistence } from "../station/hardware-ports.ts";
import { inStore, type StoreDb } from "./db.ts";
import { energyRegister } from "./schema.ts";

/** The connectors' energy registers; a register never goes back, whatever the caller passes. */
export class EnergyRegisterRepo implements MeterPersistence {
  constructor(
    private readonly db: StoreDb,
    private readonly now: () => Date,
  ) {}

  load(connectorId: number): number {
    const row = inStore(this.db, `reading the energy register of connector ${connectorId}`, () =>
      this.db.select().from(energyRegister).where(eq(energyRegister.connectorId, connectorId)).get(),
    );
    return row?.energyWh ?? 0;
  }

  save(connectorId: number, energyWh: number): void {
    const wh = Math.floor(energyWh);
    inStore(this.db, `saving the energy register of connector ${connectorId}`, () =>
      this.db
        .insert(energyRegister)
        .values({ connectorId, energyWh: wh, updatedAt: this.now() })
        .onConflictDoUpdate({
          target: energyRegister.connectorId,
          set: { energyWh: wh, updatedAt: this.now() },
          setWhere: sql`${energyRegister.energyWh} <= ${wh}`,
        })
        .run(),
    );
  }
}
