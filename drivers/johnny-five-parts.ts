/**
 * The johnny-five components the drivers use, loaded from their own modules. The package's index
 * requires all ~50 components (servos, LCDs, GPS, …); loading only these three takes that start-up
 * time and memory off the station (issue 7: idle RSS under 60 MB). They load when the first board
 * opens, not with the firmware: the connection to the Central System starts before them (issue 18).
 */
type Parts = {
  Board: typeof import("johnny-five/lib/board.js");
  RGB: typeof import("johnny-five/lib/led/rgb.js");
  Relay: typeof import("johnny-five/lib/relay.js");
};

let parts: Parts | undefined;

export function johnnyFive(): Parts {
  parts ??= {
    Board: require("johnny-five/lib/board.js"),
    RGB: require("johnny-five/lib/led/rgb.js"),
    Relay: require("johnny-five/lib/relay.js"),
  };
  return parts;
}
