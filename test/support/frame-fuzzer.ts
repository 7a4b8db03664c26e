/**
 * Frames for the fuzz test: valid CALLs of every CS→CP action from the official schemas, the same
 * with one node changed, frames with their structure broken (type, id, action, arity), their text
 * mangled (flips, cuts, insertions), and junk (random JSON, random text, binary frames, deep nesting,
 * large frames). Seeded, so a failing run can be replayed.
 */
import fc from "fast-check";
import { centralSystemActions } from "../../src/messages/index.ts";
import { mutatedArbitrary, validArbitrary } from "./json-schema-arbitrary.ts";
import type { Json } from "./json-schema-samples.ts";
import { loadOfficialSchemas } from "./ocpp-json-schemas.ts";
import type { SeededRandom } from "./seeded-random.ts";

export type FuzzFrame = { kind: FrameKind; data: string | Uint8Array };
export type FrameKind = "valid" | "schemaMutated" | "structure" | "text" | "junk" | "binary";

const poolSize = 60;

export class FrameFuzzer {
  readonly counts: Record<FrameKind, number> = { valid: 0, schemaMutated: 0, structure: 0, text: 0, junk: 0, binary: 0 };
  private readonly valid: { action: string; payload: Json }[] = [];
  private readonly mutated: { action: string; payload: Json }[] = [];
  private readonly junk: Json[];
  private nextId = 0;

  constructor(private readonly random: SeededRandom) {
    const requests = loadOfficialSchemas().filter((s) => s.direction === "request" && (centralSystemActions as readonly string[]).includes(s.action));
    for (const { action, schema } of requests) {
      const seed = random.int(0, 2 ** 30);
      for (const payload of fc.sample(validArbitrary(schema), { numRuns: poolSize, seed })) this.valid.push({ action, payload });
      for (const { value } of fc.sample(mutatedArbitrary(schema), { numRuns: poolSize, seed })) this.mutated.push({ action, payload: value });
    }
    this.junk = fc.sample(fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>, { numRuns: 500, seed: random.int(0, 2 ** 30) });
  }

  next(): FuzzFrame {
    const roll = this.random.next();
    const frame: FuzzFrame =
      roll < 0.2
        ? { kind: "valid", data: this.call(this.random.pick(this.valid)) }
        : roll < 0.4
          ? { kind: "schemaMutated", data: this.call(this.random.pick(this.mutated)) }
          : roll < 0.6
            ? { kind: "structure", data: JSON.stringify(this.brokenStructure()) }
            : roll < 0.85
              ? { kind: "text", data: this.mangled(this.call(this.random.pick(this.random.chance(0.5) ? this.valid : this.mutated))) }
              : roll < 0.97
                ? { kind: "junk", data: this.junkText() }
                : { kind: "binary", data: this.bytes(this.random.int(0, 2000)) };
    this.counts[frame.kind]++;
    return typeof frame.data === "string" ? { ...frame, data: harmless(frame.data.toWellFormed()) } : frame;
  }

  private id(): string {
    return `fz${(this.nextId++).toString(36)}`;
  }

  private call({ action, payload }: { action: string; payload: Json }): string {
    return JSON.stringify([2, this.id(), action, payload]);
  }

  /** A frame whose envelope is wrong: message type, id, action, payload or element count. */
  private brokenStructure(): Json {
    const { action, payload } = this.random.pick(this.valid);
    const frame: Json[] = [2, this.id(), action, payload];
    const odd: Json[] = [null, true, -1, 1.5, 1e308, "", "2", [], {}, "x".repeat(this.random.int(37, 300)), this.random.pick(this.junk)];
    switch (this.random.int(0, 7)) {
      case 0:
        frame[0] = this.random.pick([0, 1, 3, 4, 5, 6, -2, 2.5, "2", null, 2e9]);
        break;
      case 1:
        frame[1] = this.random.pick(odd);
        break;
      case 2:
        frame[2] = this.random.pick([...odd, action.toLowerCase(), `${action}X`, "BootNotification", "StartTransaction", "constructor", "__proto__", "toString"]);
        break;
      case 3:
        frame[3] = this.random.pick(odd);
        break;
      case 4:
        return frame.slice(0, this.random.int(0, 3));
      case 5:
        return [...frame, ...Array.from({ length: this.random.int(1, 3) }, () => this.random.pick(odd))];
      case 6:
        return [3, this.id(), payload];
      default:
        return [4, this.id(), this.random.pick(["GenericError", "", 42]), this.random.pick(odd), this.random.pick(odd)];
    }
    return frame;
  }

  /** The frame's text with a few bytes flipped, cut, repeated or inserted. */
  private mangled(text: string): string {
    let out = text;
    for (let n = this.random.int(1, 4); n > 0; n--) {
      const at = this.random.int(0, out.length);
      switch (this.random.int(0, 5)) {
        case 0:
          out = out.slice(0, at);
          break;
        case 1:
          out = out.slice(0, at) + this.random.pick(['"', "[", "]", "{", "}", ",", ":", "\\", "\u0000", "\uffff", "😀", "-", "e", "9"]) + out.slice(at);
          break;
        case 2:
          out = out.slice(0, at) + out.slice(at + this.random.int(1, 8));
          break;
        case 3:
          out = out.slice(0, at) + String.fromCharCode(this.random.int(0, 0xd7ff)) + out.slice(at + 1);
          break;
        case 4:
          out = out.slice(0, at) + out.slice(at, at + this.random.int(1, 40)).repeat(this.random.int(2, 20)) + out.slice(at);
          break;
        default:
          out = `${out.slice(at)}${out.slice(0, at)}`;
      }
    }
    return out;
  }

  private junkText(): string {
    switch (this.random.int(0, 5)) {
      case 0:
        return JSON.stringify(this.random.pick(this.junk));
      case 1:
        return Array.from({ length: this.random.int(0, 200) }, () => String.fromCharCode(this.random.int(1, 0xd7ff))).join("");
      case 2: {
        const depth = this.random.int(100, 20_000);
        return `[2,"${this.id()}","DataTransfer",{"vendorId":"x","data":"y","z":${"[".repeat(depth)}${"]".repeat(depth)}}]`;
      }
      case 3:
        return `[2,"${this.id()}","DataTransfer",{"vendorId":"x","data":"${"d".repeat(this.random.int(10_000, 300_000))}"}]`;
      case 4:
        return `[2,"${this.id()}","GetConfiguration",{"key":[${Array.from({ length: this.random.int(0, 5000) }, (_, i) => `"K${i}"`).join(",")}]}]`;
      default:
        return this.random.pick(["", " ", "[]", "[2]", "null", "{}", '[2,"', "[2,\"id\"", '"[2,\\"x\\",\\"Reset\\",{}]"', "[2,1,2,3]", "NaN", "[2,\"a\",\"Reset\",{\"type\":\"Hard\"}"]);
    }
  }

  private bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => this.random.int(0, 255));
  }
}

/**
 * The Central System's CALL as the station reads it: the id of a CALL it must answer, or undefined.
 * A frame that does not parse still has a readable id when it starts like a CALL (SPEC-DIGEST §2.3).
 */
export function readableCallId(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return /^\s*\[\s*2\s*,\s*"([^"\\]{1,36})"/.exec(text)?.[1];
  }
  return Array.isArray(json) && json[0] === 2 && typeof json[1] === "string" ? json[1] : undefined;
}

/**
 * Keeps the fuzz run on this station and this loopback: no valid Reset (a restart ends the
 * connection), no change of the link's security, no transfer to anything but a closed local port.
 */
function harmless(text: string): string {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return text;
  }
  if (!Array.isArray(frame) || frame[0] !== 2 || typeof frame[3] !== "object" || frame[3] === null) return text;
  const payload = frame[3] as Record<string, any>;
  const action = frame[2];
  let isChanged = false;
  if (action === "Reset" && (payload.type === "Hard" || payload.type === "Soft")) [payload.type, isChanged] = ["Now", true];
  if (action === "ChangeConfiguration" && typeof payload.key === "string" && /^(SecurityProfile|AuthorizationKey)$/i.test(payload.key)) [payload.key, isChanged] = ["FuzzKey", true];
  for (const holder of [payload, payload.firmware, payload.log]) {
    for (const key of ["location", "remoteLocation"]) {
      if (holder && typeof holder === "object" && key in holder) [holder[key], isChanged] = ["http://127.0.0.1:9/fuzz", true];
    }
  }
  return isChanged ? JSON.stringify(frame) : text;
}
