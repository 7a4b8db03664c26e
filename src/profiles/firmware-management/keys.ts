import { bool, count, type KeyDefinition, type KeyMap } from "../../station/configuration/key-definition.ts";
import { transferProtocols } from "../../transfer/transfer-location.ts";

/** The Firmware Management keys (SPEC-DIGEST §16, E3.88) and the vendor keys of the install's trial and of unsigned images (README "Firmware"). */
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
  // §17.7 L01.FR.20: with signed updates, a legacy UpdateFirmware is CALLERROR NotSupported. Only station.json's
  // `ocpp` may allow unsigned images again (a lab, a Central System without the security extension); read-only
  // over OCPP, so no Central System can switch the signature check off.
  { key: "UnsignedFirmwareUpdateAllowed", access: "R", rule: bool, factory: "false" },
] as const satisfies readonly KeyDefinition[];

declare module "../../station/configuration/key-definition.ts" {
  interface KeyRegistry extends KeyMap<typeof firmwareKeys> {}
}
