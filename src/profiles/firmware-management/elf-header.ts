/** ELF machine numbers of the architectures the station is built for (`bun run build`, `build:arm64`). */
export const elfMachines: Readonly<Record<string, number>> = { x64: 62, arm64: 183 };

const elfMagic = [0x7f, 0x45, 0x4c, 0x46];

/**
 * Why `bytes` (a file of `fileSize` bytes, read at the offsets asked) is not a complete 64-bit
 * little-endian executable for `machine`, or undefined when it is. Complete: every segment and the
 * section header table lie within the file (a truncated download does not).
 */
export function elfProblem(read: (offset: number, length: number) => Uint8Array, fileSize: number, machine: number): string | undefined {
  const start = read(0, Math.min(fileSize, elfMagic.length));
  if (start.length < elfMagic.length || !elfMagic.every((byte, index) => start[index] === byte)) return "not an ELF executable";
  if (fileSize < 64) return `incomplete: ${fileSize} bytes, shorter than an ELF header`;
  const header = view(read(0, 64));
  if (header.getUint8(4) !== 2 || header.getUint8(5) !== 1) return "not a 64-bit little-endian ELF file";
  const type = header.getUint16(16, true);
  if (type !== 2 && type !== 3) return `ELF type ${type}, not an executable`;
  const found = header.getUint16(18, true);
  if (found !== machine) return `built for ${machineName(found)}, this station is ${machineName(machine)}`;
  const programHeaders = Number(header.getBigUint64(32, true));
  const sectionHeaders = Number(header.getBigUint64(40, true));
  const programEntrySize = header.getUint16(54, true);
  const programCount = header.getUint16(56, true);
  const sectionEnd = sectionHeaders + header.getUint16(58, true) * header.getUint16(60, true);
  const programEnd = programHeaders + programEntrySize * programCount;
  if (programCount === 0 || programEnd > fileSize) return `incomplete: the program headers end at ${programEnd}, the file at ${fileSize}`;
  if (sectionEnd > fileSize) return `incomplete: ${fileSize} bytes, the section headers end at ${sectionEnd}`;
  const table = view(read(programHeaders, programEntrySize * programCount));
  for (let index = 0; index < programCount; index++) {
    const entry = index * programEntrySize;
    const end = Number(table.getBigUint64(entry + 8, true)) + Number(table.getBigUint64(entry + 32, true));
    if (table.getUint32(entry, true) === 1 && end > fileSize) return `incomplete: ${fileSize} bytes, a segment ends at ${end}`;
  }
  return undefined;
}

function machineName(machine: number): string {
  const name = Object.entries(elfMachines).find(([, number]) => number === machine)?.[0];
  return name ?? `machine ${machine}`;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
