/**
 * A firmware image that passes every check before the install (an ELF executable for this machine
 * whose `--version` answers like the station's) and then misbehaves when it runs as the station:
 * BEHAVIOUR "exit" exits 1 at start, "hang" hangs before it connects. Built by test/support/firmware-images.ts.
 */
declare const BEHAVIOUR: string;

if (process.argv.includes("--version")) {
  console.log(`csc22b7 0.1.0 (bad-image-${BEHAVIOUR})`);
  process.exit(0);
}
console.log(`bad image started: it ${BEHAVIOUR === "exit" ? "exits 1" : "hangs"}`);
if (BEHAVIOUR === "exit") process.exit(1);
setInterval(() => {}, 1 << 30);
