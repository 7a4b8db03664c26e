import { count, type KeyDefinition, type KeyMap } from "../../station/configuration/key-definition.ts";
import { transferProtocols } from "../../transfer/transfer-location.ts";

/** The Firmware Management keys (SPEC-DIGEST §16, E3.88) and the vendor key of the install's trial (src/profiles/firmware-management/README.md). */
export const firmwareKeys = [
  {
    key: "SupportedFileTransferProtocols",
    access: "R",
    rule: { type: "list", item: (item: string) => (transferProtocols as readonly string[]).includes(item) },
    factory: transferProtocols.join(","),
    isFact: true,
  },
  // Seconds a newly installed executable has to boot and register (BootNotification Accepted) before the previous one is restored.
  { key: "FirmwareBootTimeout", access: "RW", rule: count(10, 3600), factory: "300" },
] as const satisfies readonly KeyDefinition[];

declare module "../../station/configuration/key-definition.ts" {
  interface KeyRegistry extends KeyMap<typeof firmwareKeys> {}
}
