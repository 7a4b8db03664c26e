/**
 * The other end of the response bench's floor (response-time.bench.ts): a WebSocket client on the
 * station's own library (ws, OCPP 1.6 subprotocol) that answers every CALL at once with an empty
 * CALLRESULT and does nothing else. `bun test/bench/echo-peer.ts <url>`.
 */
import WebSocket from "ws";

const url = process.argv[2];
if (!url) {
  console.error("usage: bun test/bench/echo-peer.ts <ws url>");
  process.exit(2);
}
const socket = new WebSocket(url, ["ocpp1.6"]);
socket.on("message", (data) => {
  const frame = JSON.parse(String(data)) as unknown[];
  if (frame[0] === 2) socket.send(JSON.stringify([3, frame[1], {}]));
});
socket.on("close", () => process.exit(0));
socket.on("error", (error) => {
  console.error(`echo peer: ${error.message}`);
  process.exit(1);
});
