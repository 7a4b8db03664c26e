/** What the test asks the emulated board's process over IPC, and what it answers. */

export type Level = "high" | "low" | "input";
export type DutyMeasurement = { dutyPct: number; hz: number };

export type BoardRequest =
  | { command: "plugIn"; ptyPath: string }
  | { command: "switchOff" }
  | { command: "setAnalogVolts"; channel: number; volts: number }
  | { command: "setInput"; pin: number; isHigh: boolean }
  | { command: "wireContactor"; relayPin: number; feedbackPin: number; travelMs: number }
  | { command: "pulse"; pin: number; count: number; highMs: number; lowMs: number }
  | { command: "waitForLevel"; pin: number; level: Level; timeoutMs: number }
  | { command: "waitForDuty"; pin: number; minPct: number; maxPct: number; timeoutMs: number }
  /** null takes the card away. */
  | { command: "presentCard"; uid: number[] | null }
  | { command: "sendSerial"; usart: number; baud: number; bytes: number[] }
  | { command: "loseNext"; message: "i2cReadRequest" | "i2cReply" }
  | { command: "hang" }
  | { command: "stats" };

export type BoardStats = {
  chipMs: number;
  serial: { baud: number; received: number; overruns: number }[];
  pn532: { commands: number; badFrames: number };
};

export type BoardAnswers = {
  plugIn: null;
  switchOff: null;
  setAnalogVolts: null;
  setInput: null;
  wireContactor: null;
  pulse: null;
  waitForLevel: Level;
  waitForDuty: DutyMeasurement;
  presentCard: null;
  sendSerial: null;
  loseNext: null;
  hang: null;
  stats: BoardStats;
};

export type BoardMessage =
  | { kind: "running" }
  | { kind: "answer"; id: number; result: unknown }
  | { kind: "failed"; id: number; reason: string };
