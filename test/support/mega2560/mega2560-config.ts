/**
 * The ATmega2560 (Arduino Mega 2560) for avr8js 0.21.1, which ships only the ATmega328P's configuration.
 * From the ATmega2560 datasheet (DS40002211A): register addresses, and the interrupt vectors, where
 * avr-libc's vector n sits at word address 2n. Pin-change and external interrupts are left unwired.
 */
import {
  ADCMuxInputType,
  ADCReference,
  type ADCConfig,
  type ADCMuxConfiguration,
  type AVRPortConfig,
  type AVRTimerConfig,
  type TWIConfig,
} from "avr8js";

/** avr8js's USARTConfig is not exported; this is its shape. */
export type UsartConfig = {
  rxCompleteInterrupt: number;
  dataRegisterEmptyInterrupt: number;
  txCompleteInterrupt: number;
  UCSRA: number;
  UCSRB: number;
  UCSRC: number;
  UBRRL: number;
  UBRRH: number;
  UDR: number;
};

export const clockHz = 16_000_000;
/** 256 KB of flash: more than 128 KB, so avr8js pushes 3-byte return addresses (22-bit PC) as the chip does. */
export const flashBytes = 0x40000;
/** Data space 0x0000-0x21FF: 512 bytes of registers and I/O, then 8 KB of SRAM; avr8js adds its 0x100 itself. */
export const sramBytes = 0x2200 - 0x100;

const vector = (n: number) => 2 * n;

function port(PIN: number): AVRPortConfig {
  return { PIN, DDR: PIN + 1, PORT: PIN + 2, externalInterrupts: [] };
}

export const ports = {
  A: port(0x20), B: port(0x23), C: port(0x26), D: port(0x29), E: port(0x2c), F: port(0x2f),
  G: port(0x32), H: port(0x100), J: port(0x103), K: port(0x106), L: port(0x109),
} as const;
export type PortName = keyof typeof ports;

/** Arduino Mega digital pin → port and bit (the core's variants/mega/pins_arduino.h); 54-69 are A0-A15. */
export const pinPorts: readonly [PortName, number][] = [
  ["E", 0], ["E", 1], ["E", 4], ["E", 5], ["G", 5], ["E", 3], ["H", 3], ["H", 4], ["H", 5], ["H", 6],
  ["B", 4], ["B", 5], ["B", 6], ["B", 7], ["J", 1], ["J", 0], ["H", 1], ["H", 0], ["D", 3], ["D", 2],
  ["D", 1], ["D", 0], ["A", 0], ["A", 1], ["A", 2], ["A", 3], ["A", 4], ["A", 5], ["A", 6], ["A", 7],
  ["C", 7], ["C", 6], ["C", 5], ["C", 4], ["C", 3], ["C", 2], ["C", 1], ["C", 0], ["D", 7], ["G", 2],
  ["G", 1], ["G", 0], ["L", 7], ["L", 6], ["L", 5], ["L", 4], ["L", 3], ["L", 2], ["L", 1], ["L", 0],
  ["B", 3], ["B", 2], ["B", 1], ["B", 0],
  ["F", 0], ["F", 1], ["F", 2], ["F", 3], ["F", 4], ["F", 5], ["F", 6], ["F", 7],
  ["K", 0], ["K", 1], ["K", 2], ["K", 3], ["K", 4], ["K", 5], ["K", 6], ["K", 7],
];

const timer01Dividers = { 0: 0, 1: 1, 2: 8, 3: 64, 4: 256, 5: 1024, 6: 0, 7: 0 };
const timer2Dividers = { 0: 0, 1: 1, 2: 8, 3: 32, 4: 64, 5: 128, 6: 256, 7: 1024 };
/** TIFRn/TIMSKn: TOV/TOIE bit 0, OCFnA bit 1, OCFnB bit 2, OCFnC bit 3. */
const timerBits = { TOV: 1, OCFA: 2, OCFB: 4, OCFC: 8, TOIE: 1, OCIEA: 2, OCIEB: 4, OCIEC: 8 };

type Output = [PortName, number];

function timer8(v: { compA: number; compB: number; ovf: number; TIFR: number; TIMSK: number; TCCRA: number; dividers: AVRTimerConfig["dividers"]; pins: [Output, Output]; clockPin: Output | null }): AVRTimerConfig {
  const { TCCRA } = v;
  return {
    bits: 8, dividers: v.dividers, captureInterrupt: 0, compAInterrupt: vector(v.compA), compBInterrupt: vector(v.compB), compCInterrupt: 0, ovfInterrupt: vector(v.ovf),
    TIFR: v.TIFR, TIMSK: v.TIMSK, TCCRA, TCCRB: TCCRA + 1, TCNT: TCCRA + 2, OCRA: TCCRA + 3, OCRB: TCCRA + 4, OCRC: 0, ICR: 0, TCCRC: 0,
    ...timerBits, OCFC: 0, OCIEC: 0,
    compPortA: ports[v.pins[0][0]].PORT, compPinA: v.pins[0][1], compPortB: ports[v.pins[1][0]].PORT, compPinB: v.pins[1][1], compPortC: 0, compPinC: 0,
    externalClockPort: v.clockPin ? ports[v.clockPin[0]].PORT : 0, externalClockPin: v.clockPin?.[1] ?? 0,
  };
}

/** The 16-bit timers 1, 3, 4, 5 share one layout from TCCRnA: B, C, -, TCNT, ICR, OCRA, OCRB, OCRC. */
function timer16(v: { firstVector: number; TIFR: number; TIMSK: number; TCCRA: number; pins: [Output, Output, Output]; clockPin: Output }): AVRTimerConfig {
  const { TCCRA, firstVector: capt } = v;
  return {
    bits: 16, dividers: timer01Dividers,
    captureInterrupt: vector(capt), compAInterrupt: vector(capt + 1), compBInterrupt: vector(capt + 2), compCInterrupt: vector(capt + 3), ovfInterrupt: vector(capt + 4),
    TIFR: v.TIFR, TIMSK: v.TIMSK, TCCRA, TCCRB: TCCRA + 1, TCCRC: TCCRA + 2, TCNT: TCCRA + 4, ICR: TCCRA + 6, OCRA: TCCRA + 8, OCRB: TCCRA + 10, OCRC: TCCRA + 12,
    ...timerBits,
    compPortA: ports[v.pins[0][0]].PORT, compPinA: v.pins[0][1], compPortB: ports[v.pins[1][0]].PORT, compPinB: v.pins[1][1],
    compPortC: ports[v.pins[2][0]].PORT, compPinC: v.pins[2][1],
    externalClockPort: ports[v.clockPin[0]].PORT, externalClockPin: v.clockPin[1],
  };
}

export const timers: AVRTimerConfig[] = [
  timer8({ compA: 21, compB: 22, ovf: 23, TIFR: 0x35, TIMSK: 0x6e, TCCRA: 0x44, dividers: timer01Dividers, pins: [["B", 7], ["G", 5]], clockPin: ["D", 7] }),
  timer16({ firstVector: 16, TIFR: 0x36, TIMSK: 0x6f, TCCRA: 0x80, pins: [["B", 5], ["B", 6], ["B", 7]], clockPin: ["D", 6] }),
  timer8({ compA: 13, compB: 14, ovf: 15, TIFR: 0x37, TIMSK: 0x70, TCCRA: 0xb0, dividers: timer2Dividers, pins: [["B", 4], ["H", 6]], clockPin: null }),
  timer16({ firstVector: 31, TIFR: 0x38, TIMSK: 0x71, TCCRA: 0x90, pins: [["E", 3], ["E", 4], ["E", 5]], clockPin: ["E", 6] }),
  timer16({ firstVector: 41, TIFR: 0x39, TIMSK: 0x72, TCCRA: 0xa0, pins: [["H", 3], ["H", 4], ["H", 5]], clockPin: ["H", 7] }),
  timer16({ firstVector: 46, TIFR: 0x3a, TIMSK: 0x73, TCCRA: 0x120, pins: [["L", 3], ["L", 4], ["L", 5]], clockPin: ["L", 2] }),
];

function usart(rxVector: number, UCSRA: number): UsartConfig {
  return {
    rxCompleteInterrupt: vector(rxVector), dataRegisterEmptyInterrupt: vector(rxVector + 1), txCompleteInterrupt: vector(rxVector + 2),
    UCSRA, UCSRB: UCSRA + 1, UCSRC: UCSRA + 2, UBRRL: UCSRA + 4, UBRRH: UCSRA + 5, UDR: UCSRA + 6,
  };
}

/** USART0 is the USB serial line; USART1 (pins 19 RX1 / 18 TX1) is Serial1. */
export const usarts: UsartConfig[] = [usart(25, 0xc0), usart(36, 0xc8), usart(51, 0xd0), usart(54, 0x130)];

/** MUX5:0 = 0-7 are ADC0-7, 0x20-0x27 (MUX5 in ADCSRB) ADC8-15; 0x1E the 1.1 V bandgap, 0x1F ground. */
const adcChannels: ADCMuxConfiguration = {
  ...Object.fromEntries(Array.from({ length: 8 }, (_, n) => [n, { type: ADCMuxInputType.SingleEnded, channel: n }])),
  ...Object.fromEntries(Array.from({ length: 8 }, (_, n) => [0x20 + n, { type: ADCMuxInputType.SingleEnded, channel: 8 + n }])),
  0x1e: { type: ADCMuxInputType.Constant, voltage: 1.1 },
  0x1f: { type: ADCMuxInputType.Constant, voltage: 0 },
};

export const adc: ADCConfig = {
  ADMUX: 0x7c, ADCSRA: 0x7a, ADCSRB: 0x7b, ADCL: 0x78, ADCH: 0x79, DIDR0: 0x7e,
  adcInterrupt: vector(29), numChannels: 16, muxInputMask: 0x3f, muxChannels: adcChannels,
  adcReferences: [ADCReference.AREF, ADCReference.AVCC, ADCReference.Internal1V1, ADCReference.Internal2V56],
};

export const twi: TWIConfig = { twiInterrupt: vector(39), TWBR: 0xb8, TWSR: 0xb9, TWAR: 0xba, TWDR: 0xbb, TWCR: 0xbc, TWAMR: 0xbd };
