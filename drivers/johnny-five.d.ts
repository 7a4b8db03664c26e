/** What @types/johnny-five 2.1.11 leaves out and the drivers use (PLATFORM-NOTES, johnny-five). */
import "johnny-five";

declare module "johnny-five" {
  interface BoardOption {
    /** false: the firmware handles SIGINT itself instead of johnny-five's forced exit after 1 s. */
    sigint?: boolean;
  }
  interface Board {
    readonly RESOLUTION: { ADC: number; PWM: number; DAC: number | null };
    removeAllListeners(event?: string): this;
  }
  interface Relay {
    readonly isClosed: boolean;
  }
}
