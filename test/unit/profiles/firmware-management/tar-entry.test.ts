import { describe, expect, test } from "bun:test";
import { tarBlockBytes, tarEnd, tarHeader, tarPadding } from "../../../../src/profiles/firmware-management/tar-entry.ts";

const text = (bytes: Uint8Array, offset: number, length: number) => new TextDecoder().decode(bytes.subarray(offset, offset + length)).replace(/\0.*$/s, "");

describe("ustar entries", () => {
  test("a header names the file, its size and time in octal, ustar magic, and a checksum over itself", () => {
    const header = tarHeader("diag.json", 1234, new Date("2026-01-01T00:00:00Z"));
    expect(header.length).toBe(tarBlockBytes);
    expect(text(header, 0, 100)).toBe("diag.json");
    expect(text(header, 124, 12)).toBe((1234).toString(8).padStart(11, "0"));
    expect(text(header, 136, 12)).toBe((1767225600).toString(8).padStart(11, "0"));
    expect(text(header, 257, 6)).toBe("ustar");
    const stored = Number.parseInt(text(header, 148, 8), 8);
    const withSpaces = new Uint8Array(header);
    withSpaces.fill(0x20, 148, 156);
    expect(stored).toBe(withSpaces.reduce((sum, byte) => sum + byte, 0));
  });

  test("content is padded to whole blocks, and two zero blocks end the archive", () => {
    expect(tarPadding(0).length).toBe(0);
    expect(tarPadding(1).length).toBe(511);
    expect(tarPadding(512).length).toBe(0);
    expect(tarEnd().length).toBe(1024);
  });

  test("a name longer than the field is refused, not cut", () => {
    expect(() => tarHeader("x".repeat(101), 0, new Date())).toThrow("longer than 100 bytes");
  });
});
