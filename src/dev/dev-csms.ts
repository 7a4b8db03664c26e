/**
 * A small Central System for development: accepts any station on ws://127.0.0.1:<port>/ocpp/<id>,
 * answers its CALLs (csms-answers.ts), prints every frame, and sends CALLs to every station.
 * Run alone: `bun src/dev/dev-csms.ts [port]`, then type `<Action> <json payload>` (e.g.
 * `RemoteStartTransaction {"idTag":"04A2B3C4"}`) to send a CALL.
 */
import type { Server, ServerWebSocket } from "bun";
import { DefaultCsmsAnswers } from "./csms-answers.ts";
import { parseDevLine } from "./dev-terminal.ts";

type Station = { chargePointId: string };

export type DevCsms = { server: Server<Station>; url: string; sendCall(action: string, payload: Record<string, unknown>): void; stop(): void };

export function startDevCsms(options: { port: number; print?: (line: string) => void }): DevCsms {
  const print = options.print ?? ((line: string) => console.log(line));
  const answers = new DefaultCsmsAnswers();
  const stations = new Set<ServerWebSocket<Station>>();
  let callCounter = 0;

  const server = Bun.serve<Station>({
    port: options.port,
    hostname: "127.0.0.1",
    fetch(req, srv) {
      const chargePointId = decodeURIComponent(new URL(req.url).pathname.split("/").pop() ?? "");
      const protocols = (req.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
      if (!protocols.includes("ocpp1.6")) return new Response("subprotocol ocpp1.6 required", { status: 400 });
      const upgraded = srv.upgrade(req, { data: { chargePointId }, headers: { "Sec-WebSocket-Protocol": "ocpp1.6" } });
      return upgraded ? undefined : new Response("WebSocket upgrade expected", { status: 426 });
    },
    websocket: {
      open(ws) {
        stations.add(ws);
        print(`csms: ${ws.data.chargePointId} connected`);
      },
      close(ws, code) {
        stations.delete(ws);
        print(`csms: ${ws.data.chargePointId} disconnected (${code})`);
      },
      message(ws, message) {
        const text = String(message);
        print(`csms: ${ws.data.chargePointId} -> ${text}`);
        const frame = parse(text);
        if (!frame || frame[0] !== 2) return;
        const [, id, action, payload] = frame;
        const answer = answers.answer(String(action), payload);
        const reply = "result" in answer ? [3, id, answer.result] : [4, id, answer.error, answer.description, {}];
        const replyText = JSON.stringify(reply);
        print(`csms: ${ws.data.chargePointId} <- ${replyText}`);
        ws.send(replyText);
      },
    },
  });

  const sendCall = (action: string, payload: Record<string, unknown>) => {
    const text = JSON.stringify([2, `dev-${++callCounter}`, action, payload]);
    if (stations.size === 0) print("csms: no station is connected: nothing sent");
    for (const ws of stations) {
      print(`csms: ${ws.data.chargePointId} <- ${text}`);
      ws.send(text);
    }
  };
  return { server, url: `ws://127.0.0.1:${server.port}/ocpp`, sendCall, stop: () => server.stop(true) };
}

function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

if (import.meta.main) {
  const port = Number(process.argv[2] ?? 9000);
  const csms = startDevCsms({ port });
  console.log(`csms: listening on ${csms.url} — type "<Action> <json>" to send a CALL`);
  for await (const line of console) {
    const command = parseDevLine(line);
    if (command.kind === "call") csms.sendCall(command.action, command.payload);
    else if (command.kind !== "nothing") console.log('csms: type "<Action> <json>", e.g. RemoteStartTransaction {"idTag":"04A2B3C4","connectorId":1}');
  }
}
