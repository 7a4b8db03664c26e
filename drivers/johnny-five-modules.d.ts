/** The single johnny-five component modules (drivers/johnny-five-parts.ts), typed as their entries in the index. */
declare module "johnny-five/lib/board.js" {
  import { Board } from "johnny-five";
  export = Board;
}
declare module "johnny-five/lib/relay.js" {
  import { Relay } from "johnny-five";
  export = Relay;
}
declare module "johnny-five/lib/led/rgb.js" {
  import { Led } from "johnny-five";
  const RGB: typeof Led.RGB;
  export = RGB;
}
