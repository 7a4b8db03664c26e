/** Whole seconds from `from` to `to`, never negative (clocks may have been set in between). */
export function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
}

/** A duration as a technician reads it: "42 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function formatDuration(totalSec: number): string {
  const sec = Math.max(0, Math.floor(totalSec));
  if (sec < 60) return `${sec} s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min} min`;
  const hours = Math.floor(min / 60);
  if (hours < 24) return `${hours} h ${String(min % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "2025-03-02 14:05:09Z": ISO without the milliseconds, readable on a small terminal. */
export function formatTime(iso: string | Date): string {
  const text = typeof iso === "string" ? iso : iso.toISOString();
  return text.replace("T", " ").replace(/\.\d+Z$/, "Z");
}

export function isoOrNull(at: Date | null | undefined): string | null {
  return at ? at.toISOString() : null;
}
