/** POSIX ustar (the format `tar` reads everywhere): 512-byte blocks, a header before each file. */
export const tarBlockBytes = 512;

/** The header of a regular file `name` (at most 100 bytes, no folders) of `sizeBytes`, mode 0644. */
export function tarHeader(name: string, sizeBytes: number, modifiedAt: Date): Uint8Array {
  const header = new Uint8Array(tarBlockBytes);
  const put = (offset: number, length: number, text: string) => header.set(new TextEncoder().encode(text).subarray(0, length), offset);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, "0");
  if (new TextEncoder().encode(name).length > 100) throw new Error(`tar entry name longer than 100 bytes: ${name}`);
  put(0, 100, name);
  put(100, 8, octal(0o644, 8));
  put(108, 8, octal(0, 8));
  put(116, 8, octal(0, 8));
  put(124, 12, octal(sizeBytes, 12));
  put(136, 12, octal(Math.floor(modifiedAt.getTime() / 1000), 12));
  put(148, 8, "        ");
  put(156, 1, "0");
  put(257, 6, "ustar\0");
  put(263, 2, "00");
  put(265, 32, "csc22b7");
  put(297, 32, "csc22b7");
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  put(148, 8, `${octal(checksum, 7)}\0`);
  return header;
}

/** Zeros that fill a file's last block. */
export function tarPadding(sizeBytes: number): Uint8Array {
  return new Uint8Array((tarBlockBytes - (sizeBytes % tarBlockBytes)) % tarBlockBytes);
}

/** Two zero blocks end the archive. */
export function tarEnd(): Uint8Array {
  return new Uint8Array(2 * tarBlockBytes);
}
