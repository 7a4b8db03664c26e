import { and, desc, eq, inArray, isNull, notInArray } from "drizzle-orm";
import { immediate, inStore, type StoreDb } from "../../store/db.ts";
import { certificate, chargePointKey } from "./schema.ts";

export type CertificateType = "CentralSystemRootCertificate" | "ManufacturerRootCertificate" | "ChargePointCertificate";
export type CertificateRow = typeof certificate.$inferSelect & { type: CertificateType };
export type NewCertificate = Pick<CertificateRow, "type" | "pem" | "fingerprint" | "source" | "subject" | "notBefore" | "notAfter" | "installedAt">;
export type KeyRow = typeof chargePointKey.$inferSelect;

/** Pending key pairs kept for CSRs the Central System has not answered yet; older ones are dropped. */
const pendingKeysKept = 3;

/** The certificates and the station's key pairs in its database (the security profile's own tables). */
export class CertificateRepo {
  constructor(private readonly db: StoreDb) {}

  /** Installed (not deleted) certificates, of one type or all, oldest first. */
  installed(type?: CertificateType): CertificateRow[] {
    const where = type ? and(isNull(certificate.deletedAt), eq(certificate.type, type)) : isNull(certificate.deletedAt);
    return inStore(this.db, "reading certificates", () => this.db.select().from(certificate).where(where).orderBy(certificate.id).all()) as CertificateRow[];
  }

  /**
   * Installs a certificate; one already installed is left as it is. `revive`: a deleted row of the same
   * certificate is installed again (InstallCertificate), otherwise it stays deleted (station.json's caFile).
   */
  install(row: NewCertificate, { revive }: { revive: boolean }): "installed" | "already" | "deleted" {
    return inStore(this.db, `installing a ${row.type}`, () =>
      this.db.transaction((tx) => {
        const same = tx.select().from(certificate).where(and(eq(certificate.type, row.type), eq(certificate.fingerprint, row.fingerprint))).get();
        if (same && same.deletedAt === null) return "already";
        if (same && !revive) return "deleted";
        if (same) tx.update(certificate).set({ deletedAt: null, installedAt: row.installedAt, source: row.source }).where(eq(certificate.id, same.id)).run();
        else tx.insert(certificate).values(row).run();
        return "installed";
      }, immediate),
    );
  }

  delete(id: number, at: Date): void {
    inStore(this.db, "deleting a certificate", () => this.db.update(certificate).set({ deletedAt: at }).where(eq(certificate.id, id)).run());
  }

  /** A key pair made for a CSR; older pending pairs beyond the last few are dropped in the same commit. */
  addKey(key: Omit<KeyRow, "id">): number {
    return inStore(this.db, "saving a new key pair", () =>
      this.db.transaction((tx) => {
        const { id } = tx.insert(chargePointKey).values(key).returning({ id: chargePointKey.id }).get();
        const used = tx.select({ keyId: certificate.keyId }).from(certificate).all().flatMap((row) => (row.keyId === null ? [] : [row.keyId]));
        const pending = tx.select({ id: chargePointKey.id }).from(chargePointKey).where(notInArray(chargePointKey.id, used)).orderBy(desc(chargePointKey.id)).all();
        const dropped = pending.slice(pendingKeysKept).map((row) => row.id);
        if (dropped.length > 0) tx.delete(chargePointKey).where(inArray(chargePointKey.id, dropped)).run();
        return id;
      }, immediate),
    );
  }

  /** Key pairs whose CSR has no certificate yet, newest first. */
  pendingKeys(): KeyRow[] {
    const used = this.installed("ChargePointCertificate").flatMap((row) => (row.keyId === null ? [] : [row.keyId]));
    return inStore(this.db, "reading pending key pairs", () =>
      this.db.select().from(chargePointKey).where(notInArray(chargePointKey.id, used)).orderBy(desc(chargePointKey.id)).all(),
    );
  }

  keyOf(keyId: number): KeyRow | undefined {
    return inStore(this.db, "reading a key pair", () => this.db.select().from(chargePointKey).where(eq(chargePointKey.id, keyId)).get());
  }

  /** The station's new certificate with its key pair; `retire`: the station certificates (and their keys) no longer kept as fallback. */
  installChargePointCertificate(row: NewCertificate, keyId: number, retire: readonly number[]): void {
    inStore(this.db, "installing the station's certificate", () =>
      this.db.transaction((tx) => {
        tx.insert(certificate).values({ ...row, keyId }).run();
        if (retire.length === 0) return;
        const keys = tx.select({ keyId: certificate.keyId }).from(certificate).where(inArray(certificate.id, [...retire])).all();
        tx.delete(certificate).where(inArray(certificate.id, [...retire])).run();
        const keyIds = keys.flatMap((key) => (key.keyId === null ? [] : [key.keyId]));
        if (keyIds.length > 0) tx.delete(chargePointKey).where(inArray(chargePointKey.id, keyIds)).run();
      }, immediate),
    );
  }
}
