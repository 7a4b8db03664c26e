import { afterEach, describe, expect, test } from "bun:test";
import { DevTerminalSession } from "../../support/dev-terminal-session.ts";
import { tempDir } from "../../support/temp-dir.ts";

let session: DevTerminalSession | undefined;
afterEach(() => session?.kill());

describe("run dev's terminal (issue 19)", () => {
  test("a typed plug 1 reaches the station: connector 1 goes Preparing at once; a typo gets a hint and nothing stops", async () => {
    session = new DevTerminalSession(tempDir());
    const booted = await session.waitFor(/"StatusNotification",\{"connectorId":2,"status":"Available"/);
    session.type("plug one");
    const hint = await session.waitFor(/^dev: connectorId must be a whole number/, booted);
    session.type("plug 1");
    await session.waitFor(/^EV plugged in on connector 1$/, hint);
    await session.waitFor(/-> \[2,"[^"]+","StatusNotification",\{"connectorId":1,"status":"Preparing"/, hint);
    session.interrupt();
    expect(await session.exited).toBe(0);
  }, 60_000);
});
