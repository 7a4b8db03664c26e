import { describe, expect, test } from "bun:test";
import { elfMachines, elfProblem } from "../../../../src/profiles/firmware-management/elf-header.ts";

/** A minimal 64-bit little-endian ELF image: header, one program header (a loaded segment), a section header table at the end. */
function elf({ machine = 62, type = 2, segmentEnd = 4096, sectionCount = 2, fileClass = 2 } = {}): Uint8Array {
  const size = 8192;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, fileClass, 1, 1]);
  view.setUint16(16, type, true);
  view.setUint16(18, machine, true);
  view.setBigUint64(32, 64n, true); // program headers right after the header
  view.setBigUint64(40, BigInt(size - sectionCount * 64), true);
  view.setUint16(54, 56, true);
  view.setUint16(56, 1, true);
  view.setUint16(58, 64, true);
  view.setUint16(60, sectionCount, true);
  view.setUint32(64, 1, true); // PT_LOAD
  view.setBigUint64(64 + 8, 0n, true);
  view.setBigUint64(64 + 32, BigInt(segmentEnd), true);
  return bytes;
}

const reader = (bytes: Uint8Array) => (offset: number, length: number) => bytes.slice(offset, offset + length);
const problemOf = (bytes: Uint8Array, size = bytes.length, machine = elfMachines.x64!) => elfProblem(reader(bytes), size, machine);

describe("elfProblem", () => {
  test("a complete executable for this machine has none", () => {
    expect(problemOf(elf())).toBeUndefined();
    expect(problemOf(elf({ type: 3 }))).toBeUndefined();
  });

  test("names what is wrong: not ELF, 32-bit, not an executable, the other architecture", () => {
    expect(problemOf(new TextEncoder().encode("#!/bin/sh\nexit 1\n"))).toBe("not an ELF executable");
    expect(problemOf(elf({ fileClass: 1 }))).toBe("not a 64-bit little-endian ELF file");
    expect(problemOf(elf({ type: 1 }))).toBe("ELF type 1, not an executable");
    expect(problemOf(elf({ machine: 183 }))).toBe("built for arm64, this station is x64");
    expect(problemOf(elf(), 8192, elfMachines.arm64!)).toBe("built for x64, this station is arm64");
  });

  test("a truncated file is incomplete: its section headers or a segment lie beyond its end", () => {
    expect(problemOf(elf(), 6000)).toBe("incomplete: 6000 bytes, the section headers end at 8192");
    expect(problemOf(elf({ segmentEnd: 9000 }))).toBe("incomplete: 8192 bytes, a segment ends at 9000");
    expect(problemOf(elf().slice(0, 40))).toBe("incomplete: 40 bytes, shorter than an ELF header");
  });
});
