/** Colours for the text output; plain text when not on a terminal, so pipes and logs stay clean. */
export type Paint = {
  bad(text: string): string;
  warn(text: string): string;
  good(text: string): string;
  bold(text: string): string;
};

const plain: Paint = { bad: (t) => t, warn: (t) => t, good: (t) => t, bold: (t) => t };
const ansi = (code: string) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;
const coloured: Paint = { bad: ansi("1;31"), warn: ansi("33"), good: ansi("32"), bold: ansi("1") };

/** Colour only on a terminal, and not when NO_COLOR is set (no-color.org) or the terminal is dumb. */
export function paintFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): Paint {
  const isColour = stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
  return isColour ? coloured : plain;
}

export const noPaint = plain;
