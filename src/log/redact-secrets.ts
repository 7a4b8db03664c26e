/**
 * The one place that knows what is secret in what the station logs or prints: the values of the
 * configuration keys listed here, PEM private-key blocks, and the `user:password@` of a URL (a file
 * transfer location, UpdateFirmware or GetDiagnostics) wherever they appear. Every log line
 * goes through it (logger.ts), and so do `diag config`, `diag log` and `config check`.
 */

/** S§17.2: OCPP configuration keys whose values are secrets. A key added here is hidden everywhere. */
export const secretConfigurationKeys: readonly string[] = ["AuthorizationKey"];

/**
 * Fields that hold a private key or a password wherever they appear (a key pair's record, TLS settings):
 * their value is hidden whatever it looks like (a PEM block is hidden anyway, a bare base64 key too here).
 */
export const secretFieldNames: readonly string[] = ["privateKey", "privateKeyPem", "clientKeyPem", "keyPem", "authorizationKeyHex", "passphrase"];

/** What a log line shows instead of a secret. */
export const hiddenSecret = "(hidden)";

const secretNames = new Set(secretConfigurationKeys.map((key) => key.toLowerCase()));
const secretFields = new Set(secretFieldNames.map((name) => name.toLowerCase()));

function isSecretField(name: string): boolean {
  return secretFields.has(name.toLowerCase());
}

/** §3: key names are CiString50, so "authorizationkey" names the same secret (so does station.json's `authorizationKey`). */
export function isSecretKey(name: unknown): boolean {
  return typeof name === "string" && secretNames.has(name.toLowerCase());
}

const privateKeyBlock = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
// Text without a secret key's or field's name, "PRIVATE KEY", a JSON \u escape (which could spell either) or a URL with an @ holds no secret.
const mayHoldSecret = new RegExp(`${[...secretConfigurationKeys, ...secretFieldNames].join("|")}|PRIVATE KEY|\\\\u|://[^/\\s"'@]*@`, "i");
// scheme://user:password@ (or user@): the part before @ becomes "(hidden)".
const urlCredentials = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s"'@]+@/gi;
const secretFieldValue = new RegExp(`((?:${secretFieldNames.join("|")})\\\\*"\\s*:\\s*\\\\*"|\\b(?:${secretFieldNames.join("|")})=)(?:[^"\\\\\\s]|\\\\.)*`, "gi");
const mentionsSecretKey = new RegExp(secretConfigurationKeys.join("|"), "i");
// A "value" next to a secret key's name, in raw JSON, in JSON quoted inside a log line, or as a key=value field.
const jsonValue = /(\bvalue\\*"\s*:\s*\\*")[^"\\]*/gi;
const fieldValue = /(\svalue=)(?:"(?:[^"\\]|\\.)*"|\S*)/gi;

/**
 * `text` with every secret replaced by "(hidden)": in an OCPP frame or other JSON, the `value` of
 * any object whose `key` is a secret configuration key; in any text, PEM private-key blocks.
 * Text that is not JSON (a log line, a broken frame) loses every `value` when it names a secret key.
 */
export function redactSecrets(text: string): string {
  if (!mayHoldSecret.test(text)) return text;
  return (redactJson(text) ?? redactPlain(text)).replace(urlCredentials, `$1${hiddenSecret}@`);
}

/** The fields of a log line, with `value` hidden when `key` names a secret and every text redacted. */
export function redactSecretFields(fields: Record<string, unknown>): Record<string, unknown> {
  const isValueSecret = isSecretKey(fields.key);
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [
      name,
      value !== undefined && ((isValueSecret && name === "value") || isSecretField(name)) ? hiddenSecret : typeof value === "string" ? redactSecrets(value) : value,
    ]),
  );
}

/** A JSON.stringify replacer for station.json: a field named like a secret key shows only that it is set. */
export function hideSecretFields(name: string, value: unknown): unknown {
  return isSecretKey(name) && value !== undefined ? "(set, hidden)" : value;
}

/** undefined when `text` is not JSON; walks without recursion, since a frame may nest 20,000 deep. */
function redactJson(text: string): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof root !== "object" || root === null) return undefined;
  let isChanged = false;
  const pending: object[] = [root];
  while (pending.length > 0) {
    const node = pending.pop() as Record<string, unknown>;
    for (const [name, inner] of Object.entries(node)) {
      if (isSecretField(name) && inner !== hiddenSecret && inner !== undefined && inner !== null) {
        node[name] = hiddenSecret;
        isChanged = true;
      } else if (typeof inner === "object" && inner !== null) pending.push(inner);
      else if (typeof inner === "string" && inner.includes("PRIVATE KEY")) {
        node[name] = inner.replace(privateKeyBlock, hiddenPrivateKey);
        isChanged = true;
      }
    }
    if (isSecretKey(node.key) && "value" in node && node.value !== hiddenSecret) {
      node.value = hiddenSecret;
      isChanged = true;
    }
  }
  if (!isChanged) return text;
  try {
    return JSON.stringify(root);
  } catch {
    return undefined; // too deep to write back: the plain redaction still hides what it must
  }
}

function redactPlain(text: string): string {
  const withoutKeys = text.replace(privateKeyBlock, hiddenPrivateKey).replace(secretFieldValue, `$1${hiddenSecret}`);
  if (!mentionsSecretKey.test(withoutKeys)) return withoutKeys;
  return withoutKeys.replace(jsonValue, `$1${hiddenSecret}`).replace(fieldValue, `$1${hiddenSecret}`);
}

function hiddenPrivateKey(_block: string, kind: string): string {
  return `-----BEGIN ${kind}PRIVATE KEY-----${hiddenSecret}-----END ${kind}PRIVATE KEY-----`;
}
