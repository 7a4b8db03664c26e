import { lookup } from "node:dns/promises";
import { connect as connectTcp, isIP, type Socket } from "node:net";
import { checkServerIdentity, connect as connectTls, type PeerCertificate, type TLSSocket } from "node:tls";
import { errorText } from "../log/logger.ts";
import type { ConnectionTarget } from "../ocpp/connection-target.ts";
import { subprotocol } from "../ocpp/transport.ts";
import { probeUpgrade, type UpgradeAnswer } from "./ws-upgrade-probe.ts";

export type PingStepName = "dns" | "tcp" | "tls" | "websocket";
export type Certificate = { subject: string; issuer: string; validFrom: string; validTo: string; daysLeft: number };
export type PingStep = { step: PingStepName; result: "pass" | "fail" | "skipped"; detail: string; ms?: number; certificate?: Certificate };
export type PingReport = { url: string; upgrade: UpgradePolicy; sentCredentials: boolean; steps: PingStep[]; passed: boolean };

/**
 * How far the upgrade goes. `full`: with identity and credentials, when the station holds no
 * connection. `withoutCredentials`: the station is connected; a request without credentials
 * (expected 401) cannot displace it. `none`: connected and nothing can be sent without
 * presenting the identity (profiles 0 and 3), because many Central Systems drop the existing
 * connection when the same identity connects again.
 */
export type UpgradePolicy = "full" | "withoutCredentials" | "none";

type Step = { result: PingStep["result"]; detail: string; certificate?: Certificate };

/** DNS, TCP, TLS and the WebSocket upgrade to the Central System, each timed, on a connection of its own. */
export async function ping(target: ConnectionTarget, policy: UpgradePolicy, timeoutMs = 5_000): Promise<PingReport> {
  const url = new URL(target.url);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const isTls = url.protocol === "wss:";
  const port = Number(url.port || (isTls ? 443 : 80));
  const steps: PingStep[] = [];
  const timed = async <T extends Step>(step: PingStepName, run: () => Promise<T>): Promise<T> => {
    const startMs = performance.now();
    const outcome = await run();
    steps.push({ step, ...outcome, ms: Math.round(performance.now() - startMs) });
    return outcome;
  };
  const dns = await timed("dns", () => resolve(host, timeoutMs));
  const tcp = dns.result === "pass" ? await timed("tcp", () => openTcp(dns.address!, port, timeoutMs)) : undefined;
  let socket: Socket | TLSSocket | undefined = tcp?.socket;
  if (socket && isTls) socket = (await timed("tls", () => handshake(socket as Socket, host, target.tls, timeoutMs))).socket;
  if (!isTls) steps.push({ step: "tls", result: "skipped", detail: "ws:// has no TLS" });
  if (socket) await timed("websocket", () => upgrade(socket!, url, target.headers, policy, timeoutMs));
  for (const name of ["dns", "tcp", "tls", "websocket"] as const) {
    if (!steps.some((step) => step.step === name)) steps.push({ step: name, result: "skipped", detail: "not tried: an earlier step failed" });
  }
  socket?.destroy();
  tcp?.socket?.destroy();
  const sentCredentials = policy === "full" && Object.keys(target.headers).length > 0;
  return { url: target.url, upgrade: policy, sentCredentials, steps, passed: steps.every((step) => step.result !== "fail") };
}

async function resolve(host: string, timeoutMs: number): Promise<Step & { address?: string }> {
  if (isIP(host)) return { result: "pass", detail: `${host} is an address: nothing to look up`, address: host };
  try {
    const addresses = await withTimeout(lookup(host, { all: true }), timeoutMs, "no DNS answer");
    return { result: "pass", detail: `${host} is ${addresses.map((a) => a.address).join(", ")}`, address: addresses[0]!.address };
  } catch (error) {
    return { result: "fail", detail: `cannot resolve ${host}: ${errorText(error)}` };
  }
}

function openTcp(address: string, port: number, timeoutMs: number): Promise<Step & { socket?: Socket }> {
  return new Promise((done) => {
    const socket = connectTcp({ host: address, port });
    const timer = setTimeout(() => fail(`no answer from ${address}:${port} within ${timeoutMs} ms (filtered by a firewall?)`), timeoutMs);
    const fail = (detail: string) => {
      clearTimeout(timer);
      socket.destroy();
      done({ result: "fail", detail });
    };
    socket.once("connect", () => {
      clearTimeout(timer);
      done({ result: "pass", detail: `connected to ${address}:${port}`, socket });
    });
    socket.once("error", (error: NodeJS.ErrnoException) =>
      fail(error.code === "ECONNREFUSED" ? `${address}:${port} refused the connection: nothing listens there` : `cannot connect to ${address}:${port}: ${error.message}`),
    );
  });
}

function handshake(socket: Socket, host: string, tls: ConnectionTarget["tls"], timeoutMs: number): Promise<Step & { socket?: TLSSocket }> {
  return new Promise((done) => {
    // Verified below, so that an untrusted certificate is still shown to the technician.
    const secure = connectTls({ socket, servername: isIP(host) ? undefined : host, ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: false });
    const timer = setTimeout(() => finish({ result: "fail", detail: `no TLS handshake within ${timeoutMs} ms` }), timeoutMs);
    const finish = (step: Step, isUsable = false) => {
      clearTimeout(timer);
      if (!isUsable) secure.destroy();
      done(isUsable ? { ...step, socket: secure } : step);
    };
    secure.once("error", (error) => finish({ result: "fail", detail: `TLS handshake failed: ${errorText(error)}` }));
    secure.once("secureConnect", () => {
      const peer = secure.getPeerCertificate();
      const certificate = certificateOf(peer);
      const trust = tls.ca ? "the configured CA" : "the system's CAs";
      const problem = tlsProblem(secure, host, peer, certificate, trust);
      const expiry = certificate ? `expires ${certificate.validTo} (${certificate.daysLeft} day${certificate.daysLeft === 1 ? "" : "s"})` : "no certificate";
      const detail = `${secure.getProtocol()}, certificate ${certificate?.subject ?? "?"} from ${certificate?.issuer ?? "?"}, ${expiry}`;
      const step: Step = { result: problem ? "fail" : "pass", detail: problem ? `${detail}: ${problem}` : `${detail}, trusted by ${trust}`, ...(certificate ? { certificate } : {}) };
      finish(step, !problem);
    });
  });
}

/** Why the Central System's certificate is not good enough, in words; undefined when it is. */
function tlsProblem(secure: TLSSocket, host: string, peer: PeerCertificate, certificate: Certificate | undefined, trust: string): string | undefined {
  if (!certificate) return "the Central System sent no certificate";
  const identityError = checkServerIdentity(host, peer);
  if (identityError) return `the certificate is not for ${host}: ${identityError.message}`;
  if (!secure.authorized) return `not trusted by ${trust}: ${secure.authorizationError}`;
  if (certificate.daysLeft < 0) return "the certificate has expired";
  return undefined;
}

function certificateOf(peer: PeerCertificate): Certificate | undefined {
  if (!peer || !peer.valid_to) return undefined;
  const validTo = new Date(peer.valid_to);
  const name = (fields: { CN?: string | string[]; O?: string | string[] } | undefined) => String(fields?.CN ?? fields?.O ?? "?");
  return {
    subject: name(peer.subject),
    issuer: name(peer.issuer),
    validFrom: new Date(peer.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - Date.now()) / 86_400_000),
  };
}

async function upgrade(socket: Socket | TLSSocket, url: URL, headers: Record<string, string>, policy: UpgradePolicy, timeoutMs: number): Promise<Step> {
  if (policy === "none") {
    return { result: "skipped", detail: "not sent: the running station is connected with this identity, which proves the upgrade; another connection could replace it" };
  }
  const answer = await probeUpgrade(socket, url, policy === "full" ? headers : {}, timeoutMs);
  return judgeUpgrade(answer, policy);
}

export function judgeUpgrade(answer: UpgradeAnswer, policy: UpgradePolicy): Step {
  if (answer.kind === "failed") return { result: "fail", detail: answer.reason };
  const { statusCode, statusText, headers } = answer;
  const chosen = headers.get("sec-websocket-protocol");
  if (statusCode === 101) {
    if (!answer.isAcceptValid) return { result: "fail", detail: "101 with a wrong Sec-WebSocket-Accept: not a WebSocket server" };
    const chosenText = chosen ? `"${chosen}"` : "none";
    if (chosen !== subprotocol) return { result: "fail", detail: `101, but the Central System chose subprotocol ${chosenText} instead of ${subprotocol}` };
    const warning = policy === "withoutCredentials" ? "; it accepted a connection WITHOUT credentials" : "";
    return { result: "pass", detail: `101 Switching Protocols, subprotocol ${subprotocol}; closed again at once${warning}` };
  }
  if (statusCode === 401 && policy === "withoutCredentials") {
    return { result: "pass", detail: "401 without credentials, as expected: the endpoint answers (credentials not sent, to leave the running connection alone)" };
  }
  if (statusCode === 401) return { result: "fail", detail: "401: the Central System rejected the credentials (AuthorizationKey)" };
  const hint = statusCode === 404 ? ": the Central System does not know this identity or path" : "";
  return { result: "fail", detail: `HTTP ${statusCode} ${statusText} instead of an upgrade${hint}` };
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: Timer | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${timeoutMs} ms`)), timeoutMs)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
