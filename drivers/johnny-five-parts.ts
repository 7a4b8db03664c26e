/**
 * The johnny-five components the drivers use, loaded from their own modules. The package's index
 * requires all ~50 components (servos, LCDs, GPS, …); loading only these three takes that start-up
 * time and memory off the station (issue 7: idle RSS under 60 MB).
 */
import Board from "johnny-five/lib/board.js";
import RGB from "johnny-five/lib/led/rgb.js";
import Relay from "johnny-five/lib/relay.js";

export { Board, Relay, RGB };
