import type { Board } from "johnny-five";
import type { Clock } from "../src/station/ports.ts";
import { watchDigitalInput } from "./digital-input.ts";

/** A press has to hold this long: a mushroom button does not bounce back, interference does. */
const debounceMs = 20;

/**
 * The emergency-stop input: a normally-closed button to ground, read with the pull-up, so a press
 * and a broken wire both read low and both stop. Returns a function that stops watching.
 */
export function watchEmergencyStop(board: Board, options: { pin: number; clock: Clock }, onChanged: (isPressed: boolean) => void): () => void {
  return watchDigitalInput(board, { pin: options.pin, isPullup: true, debounceMs, clock: options.clock }, (isHigh) => onChanged(!isHigh));
}
