import type { KeyDefinition } from "./key-definition.ts";

export type CheckedValue = { ok: true; value: string } | { ok: false; reason: string };

/**
 * Checks a value as written on the wire (§10.6: booleans "true"/"false" in any case, decimal
 * integers, comma-separated lists) and returns it in canonical form.
 * `readInteger` gives the current value of a list's companion `<Key>MaxLength`.
 */
export function checkValue(definition: KeyDefinition, raw: string, readInteger: (key: string) => number | undefined): CheckedValue {
  const text = raw.trim();
  const rule = definition.rule;
  switch (rule.type) {
    case "boolean": {
      const lower = text.toLowerCase();
      return lower === "true" || lower === "false" ? { ok: true, value: lower } : { ok: false, reason: "must be true or false" };
    }
    case "integer": {
      if (!/^-?\d{1,10}$/.test(text)) return { ok: false, reason: "must be a whole number" };
      const value = Number(text);
      if (value < rule.min || value > rule.max) return { ok: false, reason: `must be from ${rule.min} to ${rule.max}` };
      return { ok: true, value: String(value) };
    }
    case "list": {
      const items = text === "" ? [] : text.split(",").map((item) => item.trim());
      const bad = items.find((item) => !rule.item(item));
      if (bad !== undefined) return { ok: false, reason: `"${bad}" is not supported` };
      // C§5.3: a list key without a <Key>MaxLength companion holds one item.
      const maxItems = rule.maxItemsKey ? (readInteger(rule.maxItemsKey) ?? 1) : Number.POSITIVE_INFINITY;
      if (items.length > maxItems) return { ok: false, reason: `has ${items.length} items, at most ${maxItems} allowed` };
      return { ok: true, value: items.join(",") };
    }
    case "hex": {
      const ok = text.length % 2 === 0 && /^[0-9A-Fa-f]*$/.test(text) && text.length / 2 >= rule.minBytes && text.length / 2 <= rule.maxBytes;
      return ok ? { ok: true, value: text } : { ok: false, reason: `must be ${rule.minBytes * 2}-${rule.maxBytes * 2} hex digits` };
    }
    case "string":
      return text.length <= rule.maxLength ? { ok: true, value: text } : { ok: false, reason: `must be at most ${rule.maxLength} characters` };
  }
}
