import type { StoreDb } from "../../store/db.ts";
import type { ProfileDiagnostics } from "../profile.ts";
import { CertificateRepo, type CertificateRow } from "./certificate-repo.ts";
import { SecurityLogRepo } from "./security-log-repo.ts";

/** A certificate this close to its expiry is a problem in diag (the station renews its own 30 days ahead, A03). */
const warnDays = 30;
const shownEvents = 5;
const profileNames = ["no security", "Basic auth over ws://", "TLS with Basic auth", "TLS with client certificate"];
const typeNames: Record<string, string> = { CentralSystemRootCertificate: "CS root", ManufacturerRootCertificate: "manuf. root", ChargePointCertificate: "station" };

/** What only the running station knows: its profile, and which certificate it presents (a row, or station.json's certFile). */
type Facts = { now: Date; securityProfile?: number; stationCertificateInUse?: number | { subject: string; notAfter: Date } };

type Listed = Pick<CertificateRow, "type" | "subject" | "notAfter"> & { id?: number; source: string };

/**
 * The security profile's part of `diag`: the profile in use (while running), each installed certificate
 * with its expiry and days left (the station's own marked when in use), the last security events, and
 * a problem for each certificate that expires within 30 days or has expired. Never a key.
 */
export function securityDiagnostics(database: StoreDb, facts: Facts): ProfileDiagnostics {
  const inUse = facts.stationCertificateInUse;
  const fromFile: Listed[] = typeof inUse === "object" ? [{ type: "ChargePointCertificate", subject: inUse.subject, notAfter: inUse.notAfter, source: "file" }] : [];
  const certificates: Listed[] = [...new CertificateRepo(database).installed(), ...fromFile];
  const events = new SecurityLogRepo(database).latest(shownEvents);
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const daysLeft = (row: Listed) => Math.floor((row.notAfter.getTime() - facts.now.getTime()) / 86_400_000);
  const isInUse = (row: Listed) => row.type !== "ChargePointCertificate" || row.source === "file" || inUse === row.id;
  const lines = [
    ...(facts.securityProfile === undefined ? [] : [`profile ${facts.securityProfile} (${profileNames[facts.securityProfile] ?? "?"})`]),
    ...certificates.map((row) => `${typeNames[row.type] ?? row.type} ${row.subject}, expires ${day(row.notAfter)} (${daysLeft(row)} days)${row.source === "file" ? ", from station.json" : ""}${row.type === "ChargePointCertificate" && isInUse(row) ? ", in use" : ""}`),
    ...(certificates.length === 0 ? ["no certificates installed"] : []),
    ...events.map((event) => `event ${event.at.toISOString().replace(/\.\d+Z$/, "Z")} ${event.type}${event.techInfo ? `: ${event.techInfo}` : ""}`),
  ];
  const problems = certificates
    .filter((row) => isInUse(row) && daysLeft(row) < warnDays)
    .map((row) => ({
      severity: "problem" as const,
      message: daysLeft(row) < 0 ? `${typeNames[row.type]} certificate ${row.subject} expired on ${day(row.notAfter)}` : `${typeNames[row.type]} certificate ${row.subject} expires in ${daysLeft(row)} days (${day(row.notAfter)})`,
    }));
  return {
    title: "Security",
    lines,
    data: {
      ...(facts.securityProfile === undefined ? {} : { securityProfile: facts.securityProfile }),
      certificates: certificates.map((row) => ({ type: row.type, subject: row.subject, notAfter: row.notAfter.toISOString(), daysLeft: daysLeft(row), source: row.source, ...(row.type === "ChargePointCertificate" ? { inUse: isInUse(row) } : {}) })),
      events: events.map((event) => ({ type: event.type, at: event.at.toISOString(), techInfo: event.techInfo ?? null, isCritical: event.isCritical })),
    },
    problems,
  };
}
