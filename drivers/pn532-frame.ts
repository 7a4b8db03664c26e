/** PN532 normal information frames (NXP UM0701-02 §6.2.1), shared by the driver and the simulated chip. */

export const hostToPn532 = 0xd4;
export const pn532ToHost = 0xd5;
export const ackFrame = [0x00, 0x00, 0xff, 0x00, 0xff, 0x00];

export const pn532Commands = { samConfiguration: 0x14, rfConfiguration: 0x32, inListPassiveTarget: 0x4a } as const;

/** Preamble, start code 00 FF, LEN, LCS, TFI + data, DCS, postamble. */
export function encodeFrame(tfi: number, data: number[]): number[] {
  const body = [tfi, ...data];
  const sum = body.reduce((total, byte) => total + byte, 0);
  return [0x00, 0x00, 0xff, body.length, (0x100 - body.length) & 0xff, ...body, (0x100 - (sum & 0xff)) & 0xff, 0x00];
}

export type DecodedFrame = { ok: true; tfi: number; data: number[] } | { ok: false; reason: string };

/** Finds the first frame after the start code and checks both checksums. */
export function decodeFrame(bytes: number[]): DecodedFrame {
  const start = bytes.findIndex((byte, index) => byte === 0x00 && bytes[index + 1] === 0xff);
  if (start < 0) return { ok: false, reason: "no start code" };
  const length = bytes[start + 2];
  const lengthChecksum = bytes[start + 3];
  if (length === undefined || lengthChecksum === undefined) return { ok: false, reason: "truncated header" };
  if (((length + lengthChecksum) & 0xff) !== 0) return { ok: false, reason: "bad length checksum" };
  if (length === 0) return { ok: false, reason: "ACK, not a data frame" };
  const body = bytes.slice(start + 4, start + 4 + length);
  const dataChecksum = bytes[start + 4 + length];
  if (body.length < length || dataChecksum === undefined) return { ok: false, reason: "truncated frame" };
  if (((body.reduce((total, byte) => total + byte, 0) + dataChecksum) & 0xff) !== 0) return { ok: false, reason: "bad data checksum" };
  return { ok: true, tfi: body[0]!, data: body.slice(1) };
}

export function isAck(bytes: number[]): boolean {
  return ackFrame.every((byte, index) => bytes[index] === byte);
}
