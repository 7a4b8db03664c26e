/** The part of firmata-io 2.3 (untyped, pure JS) that the Firmata board link uses. */
declare module "firmata-io" {
  import type { EventEmitter } from "node:events";

  interface FirmataTransport extends EventEmitter {
    write(data: Buffer, callback?: (error?: Error | null) => void): void;
  }

  interface FirmataOptions {
    /** How long to wait for the board's own version report before asking for it. */
    reportVersionTimeout?: number;
    samplingInterval?: number;
  }

  class Firmata extends EventEmitter {
    constructor(transport: FirmataTransport, options?: FirmataOptions);
    readonly isReady: boolean;
    readonly settings: FirmataOptions;
    setSamplingInterval(intervalMs: number): void;
    sysexCommand(message: number[]): this;
    reportVersion(callback: () => void): void;
    queryFirmware(callback: () => void): void;
  }

  const firmataIo: { Firmata: typeof Firmata };
  export default firmataIo;
}
