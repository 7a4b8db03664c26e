/**
 * How a profile declares its OCPP configuration keys (SPEC-DIGEST §16). Values are kept as on the
 * wire (strings); `value-rules.ts` checks them. Each profile lists its keys in its own folder and adds
 * them to `KeyRegistry`, so a key name the firmware does not declare is a compile error.
 */
export type FeatureProfile = "Core" | "FirmwareManagement" | "LocalAuthListManagement" | "Reservation" | "SmartCharging" | "RemoteTrigger";

export type ValueRule =
  | { type: "boolean" }
  | { type: "integer"; min: number; max: number }
  | { type: "list"; item: (item: string) => boolean; maxItemsKey?: string }
  | { type: "hex"; minBytes: number; maxBytes: number }
  | { type: "string"; maxLength: number };

export type KeyDefinition = {
  key: string;
  /** R: read-only; RW: ChangeConfiguration may write it; W: write-only (never read back). */
  access: "R" | "RW" | "W";
  rule: ValueRule;
  /** The CSC-22B7's factory value; undefined = unset until configured. */
  factory: string | undefined;
  /** A fact of this firmware or hardware: neither the Central System nor station.json may set it. */
  isFact?: boolean;
};

/**
 * Every key of every profile, by name. Empty here: each profile's `keys.ts` merges its own in with
 * `interface KeyRegistry extends KeyMap<typeof itsKeys> {}`.
 */
export interface KeyRegistry {}

export type KeyName = keyof KeyRegistry & string;
export type KeyMap<Keys extends readonly KeyDefinition[]> = { [D in Keys[number] as D["key"]]: D };
type KeysWith<T extends ValueRule["type"]> = { [K in KeyName]: KeyRegistry[K] extends { rule: { type: T } } ? K : never }[KeyName];
export type BooleanKey = KeysWith<"boolean">;
export type IntegerKey = KeysWith<"integer">;
export type ListKey = KeysWith<"list">;

export const bool = { type: "boolean" } as const;
export const count = (min: number, max: number) => ({ type: "integer", min, max }) as const;
export const seconds = (max: number) => count(0, max);

/** The keys of the registered profiles, looked up case-insensitively (§3: key names are CiString50). */
export class KeyTable {
  private readonly byLowerCaseName: ReadonlyMap<string, KeyDefinition>;

  constructor(readonly definitions: readonly KeyDefinition[]) {
    const byName = new Map<string, KeyDefinition>();
    for (const definition of definitions) {
      const name = definition.key.toLowerCase();
      if (byName.has(name)) throw new Error(`configuration key ${definition.key} is declared twice`);
      byName.set(name, definition);
    }
    this.byLowerCaseName = byName;
  }

  /** The table's spelling is canonical. */
  find(name: string): KeyDefinition | undefined {
    return this.byLowerCaseName.get(name.toLowerCase());
  }
}
