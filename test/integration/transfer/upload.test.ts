import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server as NetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import { FtpSrv } from "ftp-srv";
import { uploadFile, uploadLocationProblem } from "../../../src/transfer/upload.ts";

const body = new TextEncoder().encode("2026-01-01T00:00:00.000Z StartupOfTheDevice (critical)\n");
const quiet = { info() {}, debug() {}, trace() {}, warn() {}, error() {}, child: () => quiet } as never;

describe("HTTP PUT uploads", () => {
  let server: Server<undefined>;
  const received: { path: string; body: string }[] = [];
  let status = 201;
  let delayMs = 0;
  beforeAll(() => {
    server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: async (req) => {
        received.push({ path: new URL(req.url).pathname, body: await req.text() });
        if (delayMs > 0) await Bun.sleep(delayMs);
        return new Response(null, { status });
      },
    });
  });
  afterAll(() => server.stop(true));
  afterEach(() => {
    received.length = 0;
    status = 201;
    delayMs = 0;
  });

  test("puts the file at <location>/<fileName>, a trailing slash or not", async () => {
    expect(await uploadFile({ location: `http://127.0.0.1:${server.port}/logs/`, fileName: "a b.log", body })).toEqual({ ok: true });
    expect(await uploadFile({ location: `http://127.0.0.1:${server.port}/logs`, fileName: "c.log", body })).toEqual({ ok: true });
    expect(received).toEqual([{ path: "/logs/a%20b.log", body: new TextDecoder().decode(body) }, { path: "/logs/c.log", body: new TextDecoder().decode(body) }]);
  });

  test("401/403 are permissionDenied, 500 failed; a cancelled upload says so", async () => {
    status = 403;
    expect(await uploadFile({ location: `http://127.0.0.1:${server.port}/x`, fileName: "f", body })).toMatchObject({ ok: false, kind: "permissionDenied", reason: expect.stringContaining("HTTP 403") });
    status = 500;
    expect(await uploadFile({ location: `http://127.0.0.1:${server.port}/x`, fileName: "f", body })).toMatchObject({ ok: false, kind: "failed" });
    delayMs = 2_000;
    status = 201;
    const abort = new AbortController();
    const pending = uploadFile({ location: `http://127.0.0.1:${server.port}/x`, fileName: "f", body, signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    expect(await pending).toEqual({ ok: false, kind: "failed", reason: "cancelled" });
  });

  test("a closed port fails; no URL is badLocation; another protocol notSupported", async () => {
    expect(await uploadFile({ location: "http://127.0.0.1:9/x", fileName: "f", body })).toMatchObject({ ok: false, kind: "failed" });
    expect(uploadLocationProblem("no url")).toMatchObject({ kind: "badLocation" });
    expect(uploadLocationProblem("sftp://host/x")).toMatchObject({ kind: "notSupported" });
    expect(uploadLocationProblem("ftp://host/x")).toBeUndefined();
  });
});

describe("FTP uploads (passive)", () => {
  let ftp: FtpSrv;
  let port = 0;
  const root = mkdtempSync(join(tmpdir(), "csc22b7-ftp-"));
  beforeAll(async () => {
    ftp = new FtpSrv({ url: "ftp://127.0.0.1:0", pasv_url: "127.0.0.1", pasv_min: 40000, pasv_max: 49000, anonymous: false, log: quiet });
    ftp.on("login", ({ username, password }, resolve, reject) => (username === "station" && password === "s3cret" ? resolve({ root }) : reject(new Error("login refused"))));
    await ftp.listen();
    port = ((ftp as unknown as { server: NetServer }).server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await ftp.close();
    rmSync(root, { recursive: true, force: true });
  });

  test("stores <fileName> in the location's directory with the URL's credentials", async () => {
    expect(await uploadFile({ location: `ftp://station:s3cret@127.0.0.1:${port}/`, fileName: "security.log", body })).toEqual({ ok: true });
    expect(readFileSync(join(root, "security.log"), "utf8")).toBe(new TextDecoder().decode(body));
  });

  test("a refused login is permissionDenied", async () => {
    expect(await uploadFile({ location: `ftp://station:wrong@127.0.0.1:${port}/`, fileName: "x.log", body })).toMatchObject({ ok: false, kind: "permissionDenied" });
  });
});

describe("a body made on demand", () => {
  test("is made only once the server takes a connection: an unreachable server never makes it", async () => {
    let made = 0;
    const body = () => {
      made += 1;
      return new TextEncoder().encode("a large log");
    };
    expect(await uploadFile({ location: "http://127.0.0.1:9/x", fileName: "f", body })).toMatchObject({ ok: false, kind: "failed" });
    expect(made).toBe(0);
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: async (req) => new Response(null, { status: (await req.text()) === "a large log" ? 201 : 400 }) });
    expect(await uploadFile({ location: `http://127.0.0.1:${server.port}/x`, fileName: "f", body })).toEqual({ ok: true });
    expect(made).toBe(1);
    server.stop(true);
  });
});
