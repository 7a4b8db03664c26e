/**
 * Reproduces avr8js 0.21.1's USART byte loss with the real firmware (AVR8JS-USART-BUG.md): the Mega runs
 * StandardFirmataPlus free, reporting all 16 analog inputs (so it sends all the time), while the host
 * side keeps the receive line busy with digital writes; every byte that arrives while the one before is
 * still unread is lost. Run: `bun test/support/mega2560/measure-usart-loss.ts [bytes]`.
 */
import { clockHz } from "./mega2560-config.ts";
import { Mega2560 } from "./mega2560.ts";
import { firmwareHex } from "./emulated-board.ts";

const bytesToSend = Number(process.argv[2] ?? 50_000);
const hex = await Bun.file(firmwareHex).text();

function measure(isUsartCorrected: boolean): { sent: number; lost: number } {
  const mega = new Mega2560(hex, { isUsartCorrected });
  const usb = mega.usarts[0]!;
  mega.runUntil(clockHz / 2);
  // REPORT_ANALOG on for A0-A15.
  usb.send(Array.from({ length: 16 }, (_, channel) => [0xc0 | channel, 1]).flat());
  let sent = 0;
  while (sent < bytesToSend) {
    // DIGITAL_MESSAGE for port 5 (pins 40-47, left as inputs): 3 bytes the firmware reads and handles.
    usb.send([0x95, sent & 0x7f, 0x00]);
    sent += 3;
    mega.runUntil(mega.cycles + 3 * (clockHz / 5_000));
  }
  mega.runUntil(mega.cycles + clockHz / 10);
  return { sent: usb.received, lost: usb.overruns };
}

for (const isUsartCorrected of [false, true]) {
  const started = performance.now();
  const { sent, lost } = measure(isUsartCorrected);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${isUsartCorrected ? "corrected " : "as shipped"}: ${lost} of ${sent} host→board bytes lost (1 in ${lost ? Math.round(sent / lost) : "∞"}), ${seconds} s`);
}
