/**
 * Input fuzzing (issue 7): FUZZ_FRAMES (default 100,000, about 15 s) random and mutated frames
 * from the Central System to the running compiled station, at most 64 unanswered at a time.
 * The station must not crash or drop the connection, must answer every CALL with a readable id with
 * exactly one CALLRESULT or CALLERROR of that id (and nothing else), its CALLRESULTs must match the
 * official schemas, no handler may fail inside (InternalError), and its resident memory (sampled
 * every 1,000 frames) stays under 192 MB and does not grow in the second half of the run by more than
 * 16 MB over the first half's peak: a leak of a few hundred bytes a frame shows in a 100,000 run.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Server, ServerWebSocket } from "bun";
import type { ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { DefaultCsmsAnswers } from "../../src/dev/csms-answers.ts";
import { callErrorCodes } from "../../src/ocpp/errors.ts";
import { buildBinary } from "../support/binary.ts";
import { BinaryStation } from "../support/binary-station.ts";
import { FrameFuzzer, readableCallId } from "../support/frame-fuzzer.ts";
import { compileOfficial, createAjv, loadOfficialSchemas } from "../support/ocpp-json-schemas.ts";
import { chaosSeed, SeededRandom } from "../support/seeded-random.ts";
import { tempDir } from "../support/temp-dir.ts";

const frameCount = Number(process.env.FUZZ_FRAMES ?? 100_000);
const seed = chaosSeed();
const window = 64;
const rssSampleEvery = 1000;
const rssLimitMb = 192;
const rssGrowthBoundMb = 16;

beforeAll(() => buildBinary(), 120_000);

let server: FuzzCsms | undefined;
let station: BinaryStation | undefined;
afterAll(async () => {
  if (station?.isRunning) await station.kill();
  server?.stop();
});

/** A Central System that answers the station like the development one and fires fuzz frames at it. */
class FuzzCsms {
  readonly problems: string[] = [];
  readonly answered = { results: 0, errors: 0, internalErrors: 0 };
  connections = 0;
  closes = 0;
  answersFuzzed = 0;
  stationCalls = 0;
  /** Answers still owed, by id, with the action of each CALL (ids can repeat: broken frames share them). */
  private readonly owed = new Map<string, (string | undefined)[]>();
  private owedTotal = 0;
  // Heartbeats every second: more of the station's own CALLs to answer badly.
  private readonly defaults = new DefaultCsmsAnswers(1);
  private readonly validators = responseValidators();
  private socket: ServerWebSocket<unknown> | undefined;
  private readonly server: Server<unknown>;
  private wake: (() => void) | undefined;

  constructor(private readonly random: SeededRandom) {
    this.server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: (req, srv) => (srv.upgrade(req, { data: {}, headers: { "Sec-WebSocket-Protocol": "ocpp1.6" } }) ? undefined : new Response("upgrade expected", { status: 426 })),
      websocket: {
        maxPayloadLength: 16 * 1024 * 1024,
        open: (ws) => {
          this.socket = ws;
          this.connections++;
        },
        close: () => {
          this.socket = undefined;
          this.closes++;
        },
        message: (ws, message) => this.receive(ws, String(message)),
      },
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${this.server.port}/ocpp`;
  }

  get outstanding(): number {
    return this.owedTotal;
  }

  send(data: string | Uint8Array): void {
    if (!this.socket) throw new Error("the station is not connected");
    if (typeof data === "string") {
      const id = readableCallId(data);
      if (id !== undefined) this.owe(id, actionOf(data));
    }
    this.socket.send(data);
  }

  /** Resolves when at most `count` answers are owed, or rejects after `timeoutMs`. */
  async owedAtMost(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.owedTotal > count) {
      if (Date.now() > deadline) throw new Error(`${this.owedTotal} answers still owed after ${timeoutMs} ms: ${[...this.owed.keys()].slice(0, 10).join(", ")}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  stop(): void {
    this.server.stop(true);
  }

  private owe(id: string, action: string | undefined): void {
    const actions = this.owed.get(id) ?? [];
    actions.push(action);
    this.owed.set(id, actions);
    this.owedTotal++;
  }

  private receive(ws: ServerWebSocket<unknown>, text: string): void {
    const frame = JSON.parse(text) as unknown[];
    if (frame[0] === 2) {
      const [, id, action, payload] = frame as [2, string, string, unknown];
      this.stationCalls++;
      const answer = this.defaults.answer(action, payload);
      const proper = JSON.stringify("result" in answer ? [3, id, answer.result] : [4, id, answer.error, answer.description, {}]);
      // The station's own CALLs get fuzzed answers too (not its BootNotification: a Rejected one would silence it).
      if (action !== "BootNotification" && this.random.chance(0.3)) {
        this.answersFuzzed++;
        ws.send(this.random.pick(fuzzedAnswers(id, proper)));
        if (this.random.chance(0.5)) ws.send(proper);
      } else {
        ws.send(proper);
      }
      return;
    }
    const id = String(frame[1]);
    const actions = this.owed.get(id);
    if (!actions) return void this.problems.push(`an answer nobody asked for: ${text.slice(0, 200)}`);
    this.check(frame, actions, text);
    if (actions.length === 0) this.owed.delete(id);
    this.owedTotal--;
    this.wake?.();
  }

  /** Takes the CALL this answers off `actions`: for a CALLRESULT one whose response schema it meets. */
  private check(frame: unknown[], actions: (string | undefined)[], text: string): void {
    if (frame[0] === 3) {
      this.answered.results++;
      const index = actions.findIndex((action) => action !== undefined && this.validators.get(action)?.(frame[2]) === true);
      if (index < 0) this.problems.push(`a CALLRESULT that meets the response schema of none of [${actions.join(", ")}]: ${text.slice(0, 200)}`);
      actions.splice(Math.max(0, index), 1);
    } else if (frame[0] === 4) {
      actions.splice(Math.max(0, actions.indexOf(undefined)), 1);
      this.answered.errors++;
      if (frame[2] === "InternalError") this.answered.internalErrors++;
      if (frame.length !== 5 || !(callErrorCodes as readonly unknown[]).includes(frame[2]) || typeof frame[3] !== "string" || typeof frame[4] !== "object") {
        this.problems.push(`a malformed CALLERROR: ${text.slice(0, 200)}`);
      }
    } else {
      actions.shift();
      this.problems.push(`neither CALLRESULT nor CALLERROR: ${text.slice(0, 200)}`);
    }
  }
}

describe("fuzzed frames from the Central System", () => {
  test(`${frameCount} random and mutated frames: no crash, every CALL answered once, memory bounded`, async () => {
    console.log(`fuzz: ${frameCount} frames, CHAOS_SEED=${seed}`);
    const random = new SeededRandom(seed);
    const fuzzer = new FrameFuzzer(random);
    server = new FuzzCsms(random);
    station = new BinaryStation(tempDir(), { centralSystem: { url: server.url, reconnect: { minSec: 0.2, maxSec: 1 } }, ocpp: { MinimumStatusDuration: 0 } });
    const process = await station.startRegistered();
    const startedAt = Date.now();
    const rssMb: number[] = [];
    for (let sent = 0; sent < frameCount; sent++) {
      if (sent % rssSampleEvery === 0) rssMb.push(mb(residentKb(process.pid)));
      server.send(fuzzer.next().data);
      if (server.outstanding >= window) await server.owedAtMost(window / 2, 30_000);
    }
    await server.owedAtMost(0, 30_000);
    rssMb.push(mb(residentKb(process.pid)));
    const half = Math.ceil(rssMb.length / 2);
    const [firstHalfPeakMb, secondHalfPeakMb] = [Math.max(...rssMb.slice(0, half)), Math.max(...rssMb.slice(half))];
    const seconds = (Date.now() - startedAt) / 1000;
    const logs = process.output();
    const internalFailures = logs.split("\n").filter((line) => line.includes("CALL failed inside the charge point"));
    console.log(
      `fuzz: ${frameCount} frames in ${seconds.toFixed(1)} s (${Math.round(frameCount / seconds)}/s), ${JSON.stringify(fuzzer.counts)}, ${server.answersFuzzed} of ${server.stationCalls} station CALLs answered badly; ` +
        `answers: ${server.answered.results} CALLRESULT, ${server.answered.errors} CALLERROR; RSS ${rssMb[0]} MB at the start, ` +
        `peak ${firstHalfPeakMb} MB in the first half, ${secondHalfPeakMb} MB in the second, ${rssMb.at(-1)} MB at the end`,
    );
    expect(server.problems.slice(0, 20)).toEqual([]);
    expect(internalFailures.slice(0, 5)).toEqual([]);
    expect({ connections: server.connections, closes: server.closes, isRunning: (await Promise.race([process.exited.then(() => false), Bun.sleep(100).then(() => true)])) }).toEqual({
      connections: 1,
      closes: 0,
      isRunning: true,
    });
    expect(Math.max(...rssMb)).toBeLessThan(rssLimitMb);
    expect(secondHalfPeakMb - firstHalfPeakMb).toBeLessThanOrEqual(rssGrowthBoundMb);
    expect(await station.stop()).toBe(0);
  }, 900_000);
});

/** Answers to one of the station's CALLs that are wrong in some way, with its id. */
function fuzzedAnswers(id: string, proper: string): string[] {
  const idText = JSON.stringify(id);
  return [
    `[3,${idText},{"status":"Maybe","currentTime":42,"idTagInfo":null}]`,
    `[3,${idText},[]]`,
    `[3,${idText}]`,
    `[4,${idText},"InternalError","fuzz",{}]`,
    `[4,${idText},"NoSuchCode"]`,
    `[4,${idText},42,42,42]`,
    `[5,${idText},{}]`,
    proper.slice(0, Math.max(1, proper.length - 3)),
    `${proper}${proper}`,
    `[3,${idText},${JSON.stringify({ __proto__: null, constructor: 1, toString: 2, idTagInfo: { status: "Accepted", toString: 1 } })}]`,
  ];
}

function actionOf(text: string): string | undefined {
  try {
    const frame = JSON.parse(text);
    return typeof frame[2] === "string" ? frame[2] : undefined;
  } catch {
    return undefined;
  }
}

function responseValidators(): Map<string, ValidateFunction> {
  const ajv = createAjv();
  return new Map(loadOfficialSchemas().filter((s) => s.direction === "response").map((s) => [s.action, compileOfficial(ajv, s)]));
}

function residentKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
}

function mb(kb: number): number {
  return Math.round(kb / 1024);
}
