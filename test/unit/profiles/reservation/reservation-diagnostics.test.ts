import { describe, expect, test } from "bun:test";
import { reservation, reservationDiagnostics } from "../../../../src/profiles/reservation/index.ts";
import { reservationRig } from "./reservation-rig.ts";

describe("diag's part of the Reservation profile", () => {
  test("running: each reservation with its connector (0: any), expiry, id, idTag and group, as lines and as data", async () => {
    const rig = await reservationRig();
    await rig.reserve({ connectorId: 0, reservationId: 8, idTag: "04A2B3C5" });
    await rig.reserve({ connectorId: 1, reservationId: 7, idTag: "04A2B3C4", parentIdTag: "GROUP-A" });
    const part = rig.built.diagnostics().Reservation!;
    expect(part.lines).toEqual([
      "id 8, any connector, until 2026-01-01 11:00:00Z",
      "  idTag 04A2B3C5",
      "id 7, connector 1, until 2026-01-01 11:00:00Z",
      "  idTag 04A2B3C4, group GROUP-A",
    ]);
    expect(part.data).toEqual({
      reservations: [
        { reservationId: 8, connectorId: 0, idTag: "04A2B3C5", expiryDate: "2026-01-01T11:00:00.000Z" },
        { reservationId: 7, connectorId: 1, idTag: "04A2B3C4", parentIdTag: "GROUP-A", expiryDate: "2026-01-01T11:00:00.000Z" },
      ],
    });
  });

  test("stopped: read from the database; none says so", async () => {
    const rig = await reservationRig();
    expect(reservation.diagnostics!.stored(rig.database).lines).toEqual(["none"]);
    await rig.reserve();
    expect(reservation.diagnostics!.stored(rig.database).lines[0]).toBe("id 1, connector 1, until 2026-01-01 11:00:00Z");
  });

  test("fits 80 columns beside its title with the longest id, idTag and group", () => {
    const longest = { reservationId: -2147483648, connectorId: 0, idTag: "X".repeat(20), parentIdTag: "Y".repeat(20), expiryDate: new Date("2026-01-01T11:00:00Z") };
    for (const line of reservationDiagnostics([longest]).lines) expect(16 + line.length).toBeLessThanOrEqual(80);
  });
});
