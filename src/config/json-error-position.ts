/**
 * Where JSON text stops being JSON, as 1-based line and column, for the "invalid JSON" line of a
 * configuration file (JSON.parse only says what, not where). Walks with a stack, never recursion,
 * so any nesting depth is fine. Undefined when the text is valid JSON.
 */
export function jsonErrorPosition(text: string): { line: number; column: number } | undefined {
  const offset = firstErrorOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

type Expected = "value" | "valueOrClose" | "key" | "keyOrClose" | "colon" | "commaOrClose" | "end";

const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const whitespace = /[ \t\n\r]*/y;

function firstErrorOffset(text: string): number | undefined {
  const containers: ("{" | "[")[] = [];
  const afterValue = (): Expected => (containers.length === 0 ? "end" : "commaOrClose");
  let expected: Expected = "value";
  let at = 0;
  for (;;) {
    whitespace.lastIndex = at;
    whitespace.test(text);
    at = whitespace.lastIndex;
    if (at >= text.length) return expected === "end" ? undefined : at;
    const char = text[at]!;
    const top = containers.at(-1);
    const isClosing = (char === "}" && top === "{") || (char === "]" && top === "[");
    if (isClosing && (expected === "commaOrClose" || (expected === "keyOrClose" && char === "}") || (expected === "valueOrClose" && char === "]"))) {
      containers.pop();
      at += 1;
      expected = afterValue();
    } else if (expected === "end") {
      return at;
    } else if (expected === "colon" || expected === "commaOrClose") {
      if (char !== (expected === "colon" ? ":" : ",")) return at;
      at += 1;
      expected = expected === "colon" || top === "[" ? "value" : "key";
    } else if (expected === "key" || expected === "keyOrClose") {
      const end = char === '"' ? stringEnd(text, at) : { errorAt: at };
      if (typeof end !== "number") return end.errorAt;
      at = end;
      expected = "colon";
    } else if (char === "{" || char === "[") {
      containers.push(char);
      at += 1;
      expected = char === "{" ? "keyOrClose" : "valueOrClose";
    } else {
      const end = scalarEnd(text, at);
      if (typeof end !== "number") return end.errorAt;
      at = end;
      expected = afterValue();
    }
  }
}

function scalarEnd(text: string, at: number): number | { errorAt: number } {
  if (text[at] === '"') return stringEnd(text, at);
  for (const literal of ["true", "false", "null"]) if (text.startsWith(literal, at)) return at + literal.length;
  number.lastIndex = at;
  return number.test(text) ? number.lastIndex : { errorAt: at };
}

/** `at` is the opening quote; returns the offset after the closing one. */
function stringEnd(text: string, at: number): number | { errorAt: number } {
  for (let i = at + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return i + 1;
    if (char < " ") return { errorAt: i };
    if (char !== "\\") continue;
    const escape = text[i + 1];
    if (escape === "u") {
      if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return { errorAt: i };
      i += 5;
    } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 1;
    else return { errorAt: i };
  }
  return { errorAt: text.length };
}
