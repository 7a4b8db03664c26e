/**
 * How the firmware's run ends when the station itself asks: a Reset (C§5.14), or a restart into an
 * executable (same PID: execve), by default the one at the running executable's own path.
 */
export type StationOutcome = { kind: "reset"; type: "Hard" | "Soft" } | { kind: "restart"; why: string; executable?: string };

/**
 * The station's requests to the process that runs it (cli/run.ts). The first request wins: a second
 * Reset while one is under way changes nothing.
 */
export class StationLifecycle {
  private requested: StationOutcome | undefined;
  private readonly listeners = new Set<(outcome: StationOutcome) => void>();

  get pending(): StationOutcome | undefined {
    return this.requested;
  }

  request(outcome: StationOutcome): void {
    if (this.requested !== undefined) return;
    this.requested = outcome;
    for (const listener of this.listeners) listener(outcome);
  }

  onRequested(listener: (outcome: StationOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
