import type { FakeClock } from "./fake-clock.ts";

type ReaderRig = { chip: { present(uid: string): void; remove(): void }; clock: FakeClock; cards: string[] };

/**
 * Presents a card at every 7 ms of a 300 ms span (each after the one before was read and taken away)
 * and gives, for each, the milliseconds until the reader reported it (1,000 when it never did).
 */
export function cardReadDelays({ chip, clock, cards }: ReaderRig): number[] {
  const delays: number[] = [];
  for (let offsetMs = 0; offsetMs < 300; offsetMs += 7) {
    clock.advance(offsetMs);
    const presentedAt = clock.now().getTime();
    const before = cards.length;
    chip.present(`04A2B3${offsetMs.toString(16).padStart(2, "0")}`);
    while (cards.length === before && clock.now().getTime() - presentedAt < 1_000) clock.advance(1);
    delays.push(clock.now().getTime() - presentedAt);
    chip.remove();
    clock.advance(1_000);
  }
  return delays;
}
