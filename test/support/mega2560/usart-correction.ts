/**
 * The correction of avr8js 0.21.1's USART receive flag (AVR8JS-USART-BUG.md beside this file). The
 * chip clears RXCn only when UDRn is read or the receiver is turned off; avr8js also clears it, and
 * drops the pending RX interrupt, on every UCSRnB write with the receiver on, and its UCSRnA hook
 * clears the read-only RXCn, UDREn, FEn, DORn and UPEn bits. The Arduino core writes UCSRnB around
 * every byte it sends, so a byte received just before was lost. Wrapping both hooks keeps an unread
 * byte's flag (and its interrupt) and the read-only bits.
 */
import type { CPU } from "avr8js";
import type { UsartConfig } from "./mega2560-config.ts";

const RXC = 0x80;
const TXC = 0x40;
const UDRE = 0x20;
const readOnlyBits = RXC | UDRE | 0x10 | 0x08 | 0x04; // RXC, UDRE, FE, DOR, UPE
const RXCIE = 0x80;
const RXEN = 0x10;

/** Call after `new AVRUSART(cpu, config, …)`, whose hooks it wraps. */
export function correctUsartReceiveFlag(cpu: CPU, config: UsartConfig): void {
  // As avr8js declares it: constant, so it stays pending until UDRn is read.
  const rxComplete = { address: config.rxCompleteInterrupt, flagRegister: config.UCSRA, flagMask: RXC, enableRegister: config.UCSRB, enableMask: RXCIE, constant: true };
  const writeA = cpu.writeHooks[config.UCSRA]!;
  cpu.writeHooks[config.UCSRA] = (value, oldValue, address, mask) => {
    // TXC is cleared by writing a one to it; writing a zero leaves it.
    const kept = oldValue & (readOnlyBits | (value & TXC ? 0 : TXC));
    const result = writeA(value, oldValue, address, mask);
    cpu.data[config.UCSRA]! |= kept;
    return result;
  };
  const writeB = cpu.writeHooks[config.UCSRB]!;
  cpu.writeHooks[config.UCSRB] = (value, oldValue, address, mask) => {
    const hadUnreadByte = (cpu.data[config.UCSRA]! & RXC) !== 0;
    const result = writeB(value, oldValue, address, mask);
    if (hadUnreadByte && value & RXEN) {
      cpu.data[config.UCSRA]! |= RXC;
      if (value & RXCIE) cpu.queueInterrupt(rxComplete);
    }
    return result;
  };
}
