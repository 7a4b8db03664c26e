import type { Board } from "johnny-five";
import type { Clock } from "../src/station/ports.ts";

/**
 * Calls `onChange` with each settled level of a digital input: a new level counts once it has held
 * for `debounceMs` (0 = at once). Reads the IO plugin directly: johnny-five's Button and Pin time
 * their debounce and polling with the process's timers, which the injected clock does not drive.
 * Returns a function that stops watching.
 */
export function watchDigitalInput(
  board: Board,
  options: { pin: number; isPullup?: boolean; debounceMs: number; clock: Clock },
  onChange: (isHigh: boolean) => void,
): () => void {
  const { io } = board;
  io.pinMode(options.pin, options.isPullup ? io.MODES.PULLUP : io.MODES.INPUT);
  let settled: boolean | null = null;
  let cancelPending: (() => void) | null = null;
  const settle = (isHigh: boolean) => {
    cancelPending = null;
    if (isHigh === settled) return;
    settled = isHigh;
    onChange(isHigh);
  };
  const onReport = (value: number) => {
    const isHigh = value !== 0;
    cancelPending?.();
    cancelPending = null;
    if (isHigh === settled) return;
    if (options.debounceMs <= 0 || settled === null) settle(isHigh);
    else cancelPending = options.clock.after(options.debounceMs, () => settle(isHigh));
  };
  io.digitalRead(options.pin, onReport);
  return () => {
    cancelPending?.();
    io.removeListener(`digital-read-${options.pin}`, onReport);
  };
}
