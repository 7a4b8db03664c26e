import type * as v from "valibot";

/** J§4.2.3 Table 7, with the 1.6 spellings (FormationViolation, OccurenceConstraintViolation). */
export const callErrorCodes = [
  "NotImplemented",
  "NotSupported",
  "InternalError",
  "ProtocolError",
  "SecurityError",
  "FormationViolation",
  "PropertyConstraintViolation",
  "OccurenceConstraintViolation",
  "TypeConstraintViolation",
  "GenericError",
] as const;
export type CallErrorCode = (typeof callErrorCodes)[number];

export function isCallErrorCode(code: string): code is CallErrorCode {
  return (callErrorCodes as readonly string[]).includes(code);
}

/** A protocol failure; the dispatcher answers it with a CALLERROR carrying `code`. */
export class OcppError extends Error {
  override readonly name = "OcppError";
  constructor(
    readonly code: CallErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Issue = v.BaseIssue<unknown>;

// Schema kinds that check a value against a set of allowed values, not a JSON type.
const valueSetTypes = new Set(["picklist", "enum", "literal"]);
const sizeTypes = new Set(["min_length", "max_length", "length", "non_empty", "empty"]);

/** SPEC-DIGEST §2.3 [impl]: the first issue decides the code. */
export function callErrorFor(issues: Issue | readonly Issue[]): CallErrorCode {
  const issue = Array.isArray(issues) ? (issues as readonly Issue[])[0] : (issues as Issue);
  if (issue === undefined) return "GenericError";
  if (issue.received === "undefined") return "ProtocolError"; // required field missing
  if (issue.type === "strict_object" && issue.expected === "never") return "FormationViolation"; // unknown field
  if (issue.kind === "schema" && (issue.path?.length ?? 0) === 0) return "FormationViolation"; // payload not an object
  if (sizeTypes.has(issue.type) && Array.isArray(issue.input)) return "OccurenceConstraintViolation";
  if (issue.type === "integer") return "TypeConstraintViolation"; // 0.5 where JSON schema says "type": "integer"
  if (issue.kind === "schema" && !valueSetTypes.has(issue.type)) return "TypeConstraintViolation";
  if (valueSetTypes.has(issue.type) && typeof issue.input !== "string") return "TypeConstraintViolation"; // OCPP enums are strings
  return "PropertyConstraintViolation"; // enum, length, range, format
}

/** One line naming each bad field, e.g. `idTag: Invalid length: Expected <=20 but received 21`. */
export function describeIssues(issues: readonly Issue[], max = 3): string {
  const parts = issues.slice(0, max).map((issue) => {
    const path = issue.path?.map((item) => String(item.key)).join(".") ?? "";
    return path === "" ? issue.message : `${path}: ${issue.message}`;
  });
  if (issues.length > max) parts.push(`and ${issues.length - max} more`);
  return parts.join("; ");
}
