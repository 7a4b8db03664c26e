/**
 * Build-time replacements for modules johnny-five's Board and Led.RGB load but the station never uses
 * (issue 18: start-up and idle memory). Measured in a compiled binary of Board, Led.RGB and Relay:
 * `chalk` and `./repl` about 4 MB of RSS and 7 ms of start-up less; `../expander` and `color-convert`
 * (the seventh pass, test/bench/README.md) 0.4 MB and 1–3 ms of creating the board more.
 * - `chalk` only colours johnny-five's own console messages, which the station turns off
 *   (drivers pass `debug: false`, `repl: false`): the shim returns the text uncoloured.
 * - johnny-five's `./repl` (which loads node:repl) is only used for its REPL (`repl: false` always):
 *   the shim throws if anything ever makes one. (A plugin never sees node's built-ins themselves.)
 * - Led.RGB's `../expander` (every I2C port expander johnny-five knows, built at load) serves only its
 *   PCA9685 controller; the status LEDs are on the board's own PWM pins (drivers/status-led.ts).
 * - Led.RGB's `color-convert` (its whole conversion graph, built at load) turns only colour *names* into
 *   RGB; drivers/status-led.ts gives every colour as "#RRGGBB", which Led.RGB parses itself.
 * Both of those throw if ever used. Only the compiled executable uses the shims; tests from source load
 * the real packages.
 */
import type { BunPlugin } from "bun";

type Shim = { importer: string; path: string; contents: string };

const refuse = (what: string) => `throw new Error(${JSON.stringify(`${what} is not part of the station`)})`;

const shims: Shim[] = [
  {
    importer: "/node_modules/johnny-five/lib/board.js",
    path: "chalk",
    // chalk.grey(x), chalk[colour](x), chalk.bold.red(x): every property is the same plain formatter.
    contents: "const plain = new Proxy(function () {}, { get: () => plain, apply: (_t, _this, parts) => parts.join(\" \") }); module.exports = plain;",
  },
  {
    importer: "/node_modules/johnny-five/lib/board.js",
    path: "./repl",
    // The Board only makes one with `repl: true`.
    contents: `module.exports = class Repl { constructor() { ${refuse("the johnny-five REPL (repl: false)")}; } };`,
  },
  {
    importer: "/node_modules/johnny-five/lib/led/rgb.js",
    path: "../expander",
    // Led.RGB's PCA9685 controller calls Expander.get; the default controller never touches it.
    contents: `module.exports = { get() { ${refuse("an I2C port expander (Led.RGB's PCA9685 controller)")}; } };`,
  },
  {
    importer: "/node_modules/johnny-five/lib/led/rgb.js",
    path: "color-convert",
    // Led.RGB calls converter.keyword.rgb(name) for a colour name, nothing else.
    contents: `module.exports = { keyword: { rgb() { ${refuse("a colour name (give \"#RRGGBB\")")}; } } };`,
  },
];

export const johnnyFiveShims: BunPlugin = {
  name: "johnny-five shims",
  setup(build) {
    build.onResolve({ filter: /^(chalk|\.\/repl|\.\.\/expander|color-convert)$/ }, (args) => {
      const index = shims.findIndex((shim) => shim.path === args.path && args.importer.includes(shim.importer));
      return index < 0 ? undefined : { path: String(index), namespace: "johnny-five-shim" };
    });
    build.onLoad({ filter: /.*/, namespace: "johnny-five-shim" }, (args) => ({ loader: "js", contents: shims[Number(args.path)]!.contents }));
  },
};
