/**
 * Loses chosen Firmata messages on their way over the serial line, as a byte dropped on the wire loses
 * the message it was part of. Only sysex messages (F0 … F7) are chosen; everything else passes.
 */
export class FirmataMessageFilter {
  private choose: ((message: number[]) => boolean) | null = null;
  private onLost: (() => void) | null = null;
  private held: number[] | null = null;

  /** The next whole sysex message for which `choose` holds is lost; `onLost` is told when it was. */
  loseNext(choose: (message: number[]) => boolean, onLost: () => void): void {
    this.choose = choose;
    this.onLost = onLost;
  }

  pass(bytes: Iterable<number>): number[] {
    const passed: number[] = [];
    for (const byte of bytes) {
      if (this.held) {
        this.held.push(byte);
        if (byte === 0xf7) this.decide(this.held, passed);
      } else if (byte === 0xf0 && this.choose) {
        this.held = [byte];
      } else {
        passed.push(byte);
      }
    }
    return passed;
  }

  private decide(message: number[], passed: number[]): void {
    this.held = null;
    if (!this.choose?.(message)) return void passed.push(...message);
    const onLost = this.onLost;
    this.choose = null;
    this.onLost = null;
    onLost?.();
  }
}

/** I2C_REQUEST (0x76) with the read-once mode bits, from the host. */
export const isI2cReadRequest = (message: number[]) => message[1] === 0x76 && ((message[3] ?? 0) & 0x18) === 0x08;
/** I2C_REPLY (0x77), from the board. */
export const isI2cReply = (message: number[]) => message[1] === 0x77;
