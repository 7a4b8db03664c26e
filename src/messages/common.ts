/** Field types shared by the OCPP 1.6 message schemas (C§2.2, C§7, S§6), checked as the JSON schemas (SCH) do. */
import * as v from "valibot";

/** JSON Schema counts code points, not UTF-16 units: an emoji is one character of a maxLength. */
function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** A string of at most `max` characters, as SCH `maxLength`. */
export function maxChars(max: number) {
  return v.pipe(
    v.string(),
    v.check((text) => text.length <= max || charCount(text) <= max, `Invalid length: Expected <=${max} characters`),
  );
}

// C§2.2: CiStrings compare case-insensitively; SCH checks only their length, and so do we.
export const CiString20 = maxChars(20);
export const CiString25 = maxChars(25);
export const CiString50 = maxChars(50);
export const CiString255 = maxChars(255);
export const CiString500 = maxChars(500);
/** C§7.28 IdToken. */
export const IdToken = CiString20;

export const Integer = v.pipe(v.number(), v.integer());

/**
 * SCH `multipleOf: 0.1` (C§7.13–7.14: limit and minChargingRate have one fraction digit). 21.4 / 0.1 is not an exact
 * integer in IEEE doubles, so the quotient may be 1e-6 off: the rule of Ajv's `multipleOfPrecision: 6`.
 */
export const multipleOfPrecision = 6;
export const OneDecimal = v.pipe(
  v.number(),
  v.check((value) => {
    if (Number.isInteger(value)) return true; // also for huge values, whose quotient overflows
    const tenths = value / 0.1;
    return Math.abs(Math.round(tenths) - tenths) <= 10 ** -multipleOfPrecision;
  }, "Invalid decimal: Expected at most one fraction digit"),
);

const fullDate = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const fullTime = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
const daysInMonth = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDate(text: string): boolean {
  const match = fullDate.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeap ? 29 : (daysInMonth[month] ?? 0));
}

function isTime(text: string): boolean {
  const match = fullTime.exec(text);
  if (!match) return false;
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [zone, sign] = [match[4], match[5] === "-" ? -1 : 1];
  const [zoneHour, zoneMinute] = [Number(match[6] ?? 0), Number(match[7] ?? 0)];
  if (zone === undefined || zoneHour > 23 || zoneMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  // A leap second is only valid at 23:59:60 UTC.
  const utcMinute = minute - zoneMinute * sign;
  const utcHour = hour - zoneHour * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

/**
 * RFC 3339 §5.6 date-time with a mandatory offset, as ajv-formats 3 checks SCH `format: date-time`
 * (same rules: real calendar dates, `T`/`t`/space separator, `Z` or ±hh[[:]mm], leap second at 23:59:60Z).
 */
export function isDateTime(text: string): boolean {
  const parts = text.split(/t|\s/i);
  return parts.length === 2 && isDate(parts[0] ?? "") && isTime(parts[1] ?? "");
}

/** C§3.14/3.15 dateTime: any UTC offset and fractional seconds are accepted; emit `…Z`. */
export const DateTime = v.pipe(
  v.string(),
  v.check(isDateTime, "Invalid date-time: Expected RFC 3339, e.g. 2024-01-31T12:00:00Z"),
);

// ajv-formats 3 "uri" (MIT), from jmrware.com's RFC 3986 URI regex: scheme required, `/` or `:` present.
const uriPattern =
  /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

/** An absolute URI (RFC 3986), as SCH `format: uri`. */
export function isUri(text: string): boolean {
  return /\/|:/.test(text) && uriPattern.test(text);
}

export const Uri = v.pipe(v.string(), v.check(isUri, "Invalid URI: Expected an absolute URI, e.g. ftp://host/path"));

function isJsonObject(input: unknown): input is Record<string, unknown> {
  return typeof input === "object" && input !== null && !Array.isArray(input);
}

/**
 * A whole request or response payload: SCH `type: object` with `additionalProperties: false`.
 * v.strictObject alone would take `[]` where no field is required, which JSON Schema refuses.
 */
export function payload<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const isObject = v.custom<Record<string, unknown>>(isJsonObject, "Invalid type: Expected Object");
  return v.pipe(isObject, v.strictObject(entries));
}

/** S§6 GenericStatusEnumType; also the shape of most 1.6 Accepted/Rejected statuses. */
export const GenericStatus = v.picklist(["Accepted", "Rejected"]);
export type GenericStatus = v.InferOutput<typeof GenericStatus>;

/** C§7.2 AuthorizationStatus. */
export const AuthorizationStatus = v.picklist(["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"]);
export type AuthorizationStatus = v.InferOutput<typeof AuthorizationStatus>;

/** C§7.27 IdTagInfo. */
export const IdTagInfo = v.strictObject({
  expiryDate: v.optional(DateTime),
  parentIdTag: v.optional(IdToken),
  status: AuthorizationStatus,
});
export type IdTagInfo = v.InferOutput<typeof IdTagInfo>;

/** S§6 CertificateUseEnumType. */
export const CertificateUse = v.picklist(["CentralSystemRootCertificate", "ManufacturerRootCertificate"]);
export type CertificateUse = v.InferOutput<typeof CertificateUse>;

export const HashAlgorithm = v.picklist(["SHA256", "SHA384", "SHA512"]);
export type HashAlgorithm = v.InferOutput<typeof HashAlgorithm>;

/** S§6 CertificateHashDataType: identifies one installed certificate. */
export const CertificateHashData = v.strictObject({
  hashAlgorithm: HashAlgorithm,
  issuerNameHash: maxChars(128),
  issuerKeyHash: maxChars(128),
  serialNumber: maxChars(40),
});
export type CertificateHashData = v.InferOutput<typeof CertificateHashData>;
