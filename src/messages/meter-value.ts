/** C§7.30 MeterValue and C§7.43 SampledValue, as StopTransaction.req's transactionData carries them. */
import * as v from "valibot";
import { DateTime } from "./common.ts";

export const ReadingContext = v.picklist([
  "Interruption.Begin",
  "Interruption.End",
  "Sample.Clock",
  "Sample.Periodic",
  "Transaction.Begin",
  "Transaction.End",
  "Trigger",
  "Other",
]);
export type ReadingContext = v.InferOutput<typeof ReadingContext>;

export const ValueFormat = v.picklist(["Raw", "SignedData"]);
export type ValueFormat = v.InferOutput<typeof ValueFormat>;

export const Measurand = v.picklist([
  "Energy.Active.Export.Register",
  "Energy.Active.Import.Register",
  "Energy.Reactive.Export.Register",
  "Energy.Reactive.Import.Register",
  "Energy.Active.Export.Interval",
  "Energy.Active.Import.Interval",
  "Energy.Reactive.Export.Interval",
  "Energy.Reactive.Import.Interval",
  "Power.Active.Export",
  "Power.Active.Import",
  "Power.Offered",
  "Power.Reactive.Export",
  "Power.Reactive.Import",
  "Power.Factor",
  "Current.Import",
  "Current.Export",
  "Current.Offered",
  "Voltage",
  "Frequency",
  "Temperature",
  "SoC",
  "RPM",
]);
export type Measurand = v.InferOutput<typeof Measurand>;

export const Phase = v.picklist(["L1", "L2", "L3", "N", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1"]);
export type Phase = v.InferOutput<typeof Phase>;

export const Location = v.picklist(["Cable", "EV", "Inlet", "Outlet", "Body"]);
export type Location = v.InferOutput<typeof Location>;

/** C§7.45 UnitOfMeasure. SCH keeps the 1.6 typo "Celcius" beside "Celsius"; send "Celsius" (JE2.1). */
export const UnitOfMeasure = v.picklist([
  "Wh",
  "kWh",
  "varh",
  "kvarh",
  "W",
  "kW",
  "VA",
  "kVA",
  "var",
  "kvar",
  "A",
  "V",
  "K",
  "Celcius",
  "Celsius",
  "Fahrenheit",
  "Percent",
]);
export type UnitOfMeasure = v.InferOutput<typeof UnitOfMeasure>;

/** The fields of a SampledValue other than `unit`, which MeterValues.req widens. */
export const sampledValueEntries = {
  value: v.string(),
  context: v.optional(ReadingContext),
  format: v.optional(ValueFormat),
  measurand: v.optional(Measurand),
  phase: v.optional(Phase),
  location: v.optional(Location),
};

export const SampledValue = v.strictObject({ ...sampledValueEntries, unit: v.optional(UnitOfMeasure) });
export type SampledValue = v.InferOutput<typeof SampledValue>;

/** SCH StopTransaction.json puts no minimum on `sampledValue` (the spec says 1..*; MeterValues.json enforces it). */
export const MeterValue = v.strictObject({ timestamp: DateTime, sampledValue: v.array(SampledValue) });
export type MeterValue = v.InferOutput<typeof MeterValue>;
