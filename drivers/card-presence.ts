/** What a reader makes of its field: a presentation begins, or the card of the last one has left. */
export type CardPresenceEvents = { presented(uid: string): void; left?(): void };

/**
 * Turns "this card is in the field" readings into presentations: a card held on the reader is reported
 * once; it counts as taken away after `missesToLeave` readings without it (a garbled reading is neither).
 */
export class CardPresence {
  private current: string | null = null;
  private misses = 0;

  constructor(
    private readonly missesToLeave: number,
    private readonly events: CardPresenceEvents,
  ) {}

  /** A card is on the reader: presented, and not yet taken away. */
  get hasCard(): boolean {
    return this.current !== null;
  }

  seen(uid: string): void {
    this.misses = 0;
    if (uid === this.current) return;
    this.current = uid;
    this.events.presented(uid);
  }

  missed(): void {
    if (this.current === null) return;
    if (++this.misses < this.missesToLeave) return;
    this.current = null;
    this.events.left?.();
  }
}

/** Card UIDs travel as bytes and are reported as upper-case hex. */
export function uidToHex(bytes: number[]): string {
  return bytes.map((byte) => byte.toString(16).padStart(2, "0")).join("").toUpperCase();
}

export function hexToBytes(hex: string): number[] {
  return (hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
}
