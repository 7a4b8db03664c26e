/**
 * Node built-ins the station needs only now and then (a transfer, an archive, a firmware watchdog,
 * certificate work, a peer certificate, a diag or sim command), loaded at their first use (issue 18).
 * In the compiled executable every static import of a built-in in the `run` chunk is evaluated when
 * that chunk loads, even one made by a module that is itself used lazily: node:net brings the whole
 * stream machinery with it (a binary that only opens a WebSocket reached `open` 8–10 ms later with
 * `import "node:net"` than without), and node:crypto alone takes 5–7 ms to evaluate. `require` keeps
 * the callers synchronous. test/unit/layers.test.ts keeps static imports of these out of the firmware.
 */
import type * as ChildProcess from "node:child_process";
import type * as Crypto from "node:crypto";
import type * as FsPromises from "node:fs/promises";
import type * as Net from "node:net";
import type * as Readline from "node:readline";
import type * as Stream from "node:stream";
import type * as StreamPromises from "node:stream/promises";
import type * as Tls from "node:tls";
import type * as Zlib from "node:zlib";

export const childProcess = (): typeof ChildProcess => require("node:child_process");
export const nodeCrypto = (): typeof Crypto => require("node:crypto");
export const fsPromises = (): typeof FsPromises => require("node:fs/promises");
export const net = (): typeof Net => require("node:net");
export const readline = (): typeof Readline => require("node:readline");
export const stream = (): typeof Stream => require("node:stream");
export const streamPromises = (): typeof StreamPromises => require("node:stream/promises");
export const tls = (): typeof Tls => require("node:tls");
export const zlib = (): typeof Zlib => require("node:zlib");
