/**
 * Build-time replacements for two packages johnny-five's Board loads but the station never uses
 * (issue 18: start-up and idle memory). Measured in a compiled binary of Board, Led.RGB and Relay:
 * about 4 MB of RSS and 7 ms of start-up less.
 * - `chalk` only colours johnny-five's own console messages, which the station turns off
 *   (drivers pass `debug: false`, `repl: false`): the shim returns the text uncoloured.
 * - johnny-five's `./repl` (which loads node:repl) is only used for its REPL (`repl: false` always):
 *   the shim throws if anything ever makes one. (A plugin never sees node's built-ins themselves.)
 * Only the compiled executable uses them; tests from source load the real packages.
 */
import type { BunPlugin } from "bun";

const shims: Record<string, string> = {
  // chalk.grey(x), chalk[colour](x), chalk.bold.red(x): every property is the same plain formatter.
  chalk: "const plain = new Proxy(function () {}, { get: () => plain, apply: (_t, _this, parts) => parts.join(\" \") }); module.exports = plain;",
  // johnny-five's lib/repl.js, which loads node:repl: the Board only makes one with `repl: true`.
  "./repl": "module.exports = class Repl { constructor() { throw new Error(\"the johnny-five REPL is not part of the station (repl: false)\"); } };",
};

export const johnnyFiveShims: BunPlugin = {
  name: "johnny-five shims",
  setup(build) {
    build.onResolve({ filter: /^(chalk|\.\/repl)$/ }, (args) => (args.importer.includes("/node_modules/johnny-five/lib/board.js") ? { path: args.path, namespace: "johnny-five-shim" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "johnny-five-shim" }, (args) => ({ loader: "js", contents: shims[args.path]! }));
  },
};
