import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadFile, type DownloadLimits, type TransferOptions, uploadFile } from "../../../src/transfer/file-transfer.ts";
import { TransferFailure } from "../../../src/transfer/transfer-failure.ts";
import { FileServer, FtpServer, makeTlsFixtures, RawHttpServer, servesFile } from "../../support/file-servers.ts";
import { tempDir } from "../../support/temp-dir.ts";

const tls = makeTlsFixtures();
const image = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7919) % 251);
const limits: DownloadLimits = { maxBytes: 8 * 1024 * 1024, spareBytes: 0 };
const options: TransferOptions = { caPems: [], idleTimeoutMs: 2_000, maxDurationMs: 20_000 };

const http = new FileServer().start();
const https = new FileServer(tls).start();
let ftp: FtpServer;
let ftpRoot: string;

beforeAll(async () => {
  // The FTP root lives for the whole file; tempDir() is per test.
  ftpRoot = mkdtempSync(join(tmpdir(), "csc22b7-ftp-"));
  ftp = await new FtpServer(ftpRoot).start();
  writeFileSync(join(ftpRoot, "image.bin"), image);
});
afterAll(async () => {
  http.stop();
  https.stop();
  await ftp.stop();
  rmSync(ftpRoot, { recursive: true, force: true });
});

async function failureOf(work: Promise<unknown>): Promise<TransferFailure> {
  try {
    await work;
  } catch (error) {
    if (error instanceof TransferFailure) return error;
    throw error;
  }
  throw new Error("the transfer succeeded");
}

describe("downloads over HTTP and HTTPS", () => {
  test("an HTTP download arrives whole, with Basic auth from user:password@ and never the credentials in the URL", async () => {
    http.routes.set("/fw/image.bin", (req) => (req.headers.get("authorization") === `Basic ${btoa("op:pw")}` ? servesFile(image)(req) : new Response("no", { status: 401 })));
    const file = join(tempDir(), "image");
    const result = await downloadFile(http.url("/fw/image.bin").replace("://", "://op:pw@"), file, limits, options);
    expect(result).toEqual({ bytes: image.length, resumedFrom: 0 });
    expect(new Uint8Array(readFileSync(file))).toEqual(image);
  });

  test("a partial file is resumed with a Range request (206) and completed", async () => {
    http.routes.set("/fw/resume.bin", servesFile(image));
    const file = join(tempDir(), "image");
    writeFileSync(file, image.slice(0, 1_000_000));
    const result = await downloadFile(http.url("/fw/resume.bin"), file, limits, options);
    expect(result).toEqual({ bytes: image.length, resumedFrom: 1_000_000 });
    expect(http.requests.at(-1)!.headers.get("range")).toBe("bytes=1000000-");
    expect(new Uint8Array(readFileSync(file))).toEqual(image);
  });

  test("a server that ignores Range (200) gets the file from the start, not appended", async () => {
    http.routes.set("/fw/norange.bin", () => new Response(image));
    const file = join(tempDir(), "image");
    writeFileSync(file, image.slice(0, 1_000));
    expect(await downloadFile(http.url("/fw/norange.bin"), file, limits, options)).toEqual({ bytes: image.length, resumedFrom: 0 });
    expect(statSync(file).size).toBe(image.length);
  });

  test("HTTPS verifies the server against the trusted CAs: the test CA given, it works; without it, a TLS failure", async () => {
    https.routes.set("/fw/image.bin", servesFile(image));
    const file = join(tempDir(), "image");
    expect((await downloadFile(https.url("/fw/image.bin"), file, limits, { ...options, caPems: [tls.caPem] })).bytes).toBe(image.length);
    const untrusted = await failureOf(downloadFile(https.url("/fw/image.bin"), join(tempDir(), "x"), limits, options));
    expect(untrusted.kind).toBe("tls");
    const otherCa = await failureOf(downloadFile(https.url("/fw/image.bin"), join(tempDir(), "x"), limits, { ...options, caPems: [tls.otherCaPem] }));
    expect(otherCa.kind).toBe("tls");
  });

  test("HTTPS to a name the certificate does not carry is a TLS failure", async () => {
    const wrongName = https.url("/fw/image.bin").replace("localhost", "127.0.0.1");
    expect((await failureOf(downloadFile(wrongName, join(tempDir(), "x"), limits, { ...options, caPems: [tls.caPem] }))).kind).toBe("tls");
  });

  test("404 and 403 are refusals naming the status", async () => {
    http.routes.set("/fw/forbidden.bin", () => new Response("no", { status: 403 }));
    const missing = await failureOf(downloadFile(http.url("/fw/missing.bin"), join(tempDir(), "x"), limits, options));
    expect([missing.kind, missing.message]).toEqual(["refused", "HTTP 404 Not Found"]);
    expect((await failureOf(downloadFile(http.url("/fw/forbidden.bin"), join(tempDir(), "x"), limits, options))).message).toBe("HTTP 403 Forbidden");
  });

  test("redirects are followed up to five times; a loop fails", async () => {
    http.routes.set("/fw/moved.bin", () => Response.redirect("/fw/target.bin", 302));
    http.routes.set("/fw/target.bin", servesFile(image));
    http.routes.set("/fw/loop.bin", () => Response.redirect("/fw/loop.bin", 302));
    expect((await downloadFile(http.url("/fw/moved.bin"), join(tempDir(), "x"), limits, options)).bytes).toBe(image.length);
    expect((await failureOf(downloadFile(http.url("/fw/loop.bin"), join(tempDir(), "x"), limits, options))).kind).toBe("redirects");
  });

  test("unsupported schemes and unreachable hosts are failures of their own kind", async () => {
    expect((await failureOf(downloadFile("sftp://127.0.0.1/fw.bin", join(tempDir(), "x"), limits, options))).kind).toBe("unsupported");
    expect((await failureOf(downloadFile("http://127.0.0.1:9/fw.bin", join(tempDir(), "x"), limits, options))).kind).toBe("unreachable");
  });

  test("an announced size above the limit fails before a byte is written; so does a disk without room", async () => {
    http.routes.set("/fw/image.bin", servesFile(image));
    const tooLarge = await failureOf(downloadFile(http.url("/fw/image.bin"), join(tempDir(), "x"), { ...limits, maxBytes: 1_000_000 }, options));
    expect(tooLarge.kind).toBe("tooLarge");
    const full = await failureOf(downloadFile(http.url("/fw/image.bin"), join(tempDir(), "x"), { ...limits, spareBytes: 1_000, freeBytes: () => 2_000_000 }, options));
    expect([full.kind, full.message]).toEqual(["diskFull", `not enough free space for the download: ${image.length} bytes needed, 2000000 free, 1000 kept for the station`]);
  });
});

describe("hostile HTTP servers", () => {
  const servers: RawHttpServer[] = [];
  afterAll(() => servers.forEach((server) => server.stop()));
  const raw = async (respond: ConstructorParameters<typeof RawHttpServer>[0]) => {
    const server = await new RawHttpServer(respond).start();
    servers.push(server);
    return server;
  };

  test("a server that stalls mid-transfer is given up after the idle timeout", async () => {
    const server = await raw((socket) => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${"x".repeat(1000)}`));
    const started = Date.now();
    const failure = await failureOf(downloadFile(server.url("/stall"), join(tempDir(), "x"), limits, { ...options, idleTimeoutMs: 500 }));
    expect([failure.kind, failure.message]).toEqual(["stalled", "no data for 1 s"]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("a server that never answers is stalled too", async () => {
    const server = await raw(() => {});
    expect((await failureOf(downloadFile(server.url("/mute"), join(tempDir(), "x"), limits, { ...options, idleTimeoutMs: 500 }))).kind).toBe("stalled");
  });

  test("endless data without a length stops at the limit", async () => {
    const server = await raw((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => { while (!socket.destroyed && socket.write(chunk)); };
      socket.on("drain", pump);
      pump();
    });
    const file = join(tempDir(), "x");
    const failure = await failureOf(downloadFile(server.url("/endless"), file, { ...limits, maxBytes: 2_000_000 }, options));
    expect(failure.kind).toBe("tooLarge");
    expect(statSync(file).size).toBeLessThanOrEqual(2_000_000);
  });

  test("fewer bytes than announced is a failure, never a complete file", async () => {
    const server = await raw((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n${"x".repeat(2000)}`);
      setTimeout(() => socket.end(), 50);
    });
    const failure = await failureOf(downloadFile(server.url("/short"), join(tempDir(), "x"), limits, options));
    expect(["protocol", "wrongSize"]).toContain(failure.kind);
    expect(failure.message).toContain("2000");
  });

  test("an overall limit ends a transfer that trickles just fast enough never to stall", async () => {
    const server = await raw((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write("x")), 100);
    });
    const failure = await failureOf(downloadFile(server.url("/trickle"), join(tempDir(), "x"), limits, { ...options, idleTimeoutMs: 1_000, maxDurationMs: 1_500 }));
    expect([failure.kind, failure.message]).toEqual(["stalled", "not done within 2 s"]);
  });
});

describe("FTP (passive mode)", () => {
  test("downloads with user:password@, and resumes a partial file with REST", async () => {
    const file = join(tempDir(), "image");
    expect(await downloadFile(ftp.url("/image.bin"), file, limits, options)).toEqual({ bytes: image.length, resumedFrom: 0 });
    expect(new Uint8Array(readFileSync(file))).toEqual(image);
    writeFileSync(file, image.slice(0, 123_456));
    expect(await downloadFile(ftp.url("/image.bin"), file, limits, options)).toEqual({ bytes: image.length, resumedFrom: 123_456 });
    expect(new Uint8Array(readFileSync(file))).toEqual(image);
  });

  test("a missing file (550), a refused login (530: denied) and a closed port fail with their kind", async () => {
    const missing = await failureOf(downloadFile(ftp.url("/download_fail.fwi"), join(tempDir(), "x"), limits, options));
    expect(missing.kind).toBe("refused");
    expect(missing.message).toStartWith("FTP 55");
    expect((await failureOf(downloadFile(ftp.url("/image.bin", "station:wrong@"), join(tempDir(), "x"), limits, options))).kind).toBe("denied");
    expect((await failureOf(downloadFile("ftp://127.0.0.1:9/image.bin", join(tempDir(), "x"), limits, options))).kind).toBe("unreachable");
  });

  test("a file larger than allowed fails before it is fetched (SIZE)", async () => {
    expect((await failureOf(downloadFile(ftp.url("/image.bin"), join(tempDir(), "x"), { ...limits, maxBytes: 1_000 }, options))).kind).toBe("tooLarge");
  });

  test("uploads into an existing directory with STOR; a missing directory fails and is not created", async () => {
    mkdirSync(join(ftpRoot, "diagnostics"), { recursive: true });
    const source = join(tempDir(), "diag.tar.gz");
    writeFileSync(source, image.slice(0, 5_000));
    await uploadFile(ftp.url("/diagnostics"), "diag.tar.gz", source, options);
    expect(new Uint8Array(readFileSync(join(ftpRoot, "diagnostics", "diag.tar.gz")))).toEqual(image.slice(0, 5_000));
    expect((await failureOf(uploadFile(ftp.url("/files/failedLocation"), "diag.tar.gz", source, options))).kind).toBe("refused");
    expect(existsSync(join(ftpRoot, "files"))).toBe(false);
  });
});

describe("uploads over HTTP", () => {
  test("PUT to <location>/<fileName>; a refusal names its status", async () => {
    http.routes.set("/upload/diag.tar.gz", () => new Response(null, { status: 201 }));
    const source = join(tempDir(), "diag.tar.gz");
    writeFileSync(source, "archive bytes");
    await uploadFile(http.url("/upload/"), "diag.tar.gz", source, options);
    const put = http.requests.at(-1)!;
    expect([put.method, put.path, new TextDecoder().decode(put.body)]).toEqual(["PUT", "/upload/diag.tar.gz", "archive bytes"]);
    const refused = await failureOf(uploadFile(http.url("/nowhere"), "diag.tar.gz", source, options));
    expect([refused.kind, refused.message]).toEqual(["refused", "HTTP 404 Not Found"]);
  });

  test("401 and 403 say the credentials were refused (GetLog's PermissionDenied)", async () => {
    const source = join(tempDir(), "log.txt");
    writeFileSync(source, "lines");
    for (const status of [401, 403]) {
      http.routes.set("/locked/log.txt", () => new Response(null, { status }));
      expect((await failureOf(uploadFile(http.url("/locked"), "log.txt", source, options))).kind).toBe("denied");
    }
  });

  test("a file made on demand is made only once the server takes a connection: an unreachable server never makes it", async () => {
    let made = 0;
    const source = join(tempDir(), "large.log");
    const file = () => {
      made += 1;
      writeFileSync(source, "a large log");
      return source;
    };
    expect((await failureOf(uploadFile("http://127.0.0.1:9/logs", "large.log", file, options))).kind).toBe("unreachable");
    expect(made).toBe(0);
    http.routes.set("/logs/large.log", () => new Response(null, { status: 201 }));
    await uploadFile(http.url("/logs"), "large.log", file, options);
    expect(made).toBe(1);
    expect(new TextDecoder().decode(http.requests.at(-1)!.body)).toBe("a large log");
  });
});
