/**
 * The benchmarks: `bun test/bench/run.ts [name filter …]`. Builds the executables, runs each
 * *.bench.ts against the compiled station on the virtual board and a loopback Central System,
 * and prints one table with the targets of issue 18 (issue 7's where 18 sets none). Never part of
 * `bun test`: figures, not verdicts. The analysis: test/bench/README.md.
 */
import { availableParallelism, cpus } from "node:os";
import { buildBinary } from "../support/binary.ts";
import type { Bench, Row } from "./bench-kit.ts";
import { bench as binarySize } from "./binary-size.bench.ts";
import { bench as bootTime } from "./boot-time.bench.ts";
import { bench as compositeSchedule } from "./composite-schedule.bench.ts";
import { bench as idleCpu } from "./idle-cpu.bench.ts";
import { bench as localList } from "./local-list.bench.ts";
import { bench as memoryAndReplay } from "./memory-and-replay.bench.ts";
import { bench as outboxEnqueue } from "./outbox-enqueue.bench.ts";
import { bench as responseTime } from "./response-time.bench.ts";

const benches: Bench[] = [responseTime, bootTime, memoryAndReplay, outboxEnqueue, localList, compositeSchedule, idleCpu, binarySize];
const filters = process.argv.slice(2).map((f) => f.toLowerCase());
const chosen = benches.filter((b) => filters.length === 0 || filters.some((f) => b.name.toLowerCase().includes(f)));

console.log(`machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores; Bun ${Bun.version}; ${new Date().toISOString()}`);
if (!process.env.BENCH_BINARY) await buildBinary();
const rows: Row[] = [];
for (const bench of chosen) {
  const startedAt = Date.now();
  process.stdout.write(`${bench.name} … `);
  const result = await bench.run();
  console.log(`${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  rows.push(...result);
}
console.log();
console.log(table(rows));

function table(list: Row[]): string {
  const header = ["figure", "result", "target", "", "note"];
  const lines = list.map((row) => [
    row.figure,
    `${format(row.value)} ${row.unit}`,
    row.target ? `${row.target.op} ${format(row.target.value)} ${row.unit}` : "",
    row.target ? (meets(row) ? "ok" : "MISSED") : "",
    row.note ?? "",
  ]);
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [render(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(render)].join("\n");
}

function meets(row: Row): boolean {
  return row.target!.op === "<" ? row.value < row.target!.value : row.value >= row.target!.value;
}

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toPrecision(3);
}
