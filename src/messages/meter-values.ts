/** MeterValues: CP→CS, Core. */
import * as v from "valibot";
import { DateTime, Integer, payload } from "./common.ts";
import { UnitOfMeasure, sampledValueEntries } from "./meter-value.ts";

// SCH MeterValues.json (a mobilityhouse edit) also allows unit "Hertz", which 1.6 lacks: accepted, never sent (E3.84).
const MeterValuesSampledValue = v.strictObject({
  ...sampledValueEntries,
  unit: v.optional(v.picklist([...UnitOfMeasure.options, "Hertz"])),
});

export const MeterValuesRequest = payload({
  connectorId: Integer,
  transactionId: v.optional(Integer),
  meterValue: v.pipe(
    v.array(
      v.strictObject({
        timestamp: DateTime,
        sampledValue: v.pipe(v.array(MeterValuesSampledValue), v.minLength(1)),
      }),
    ),
    v.minLength(1),
  ),
});
export type MeterValuesRequest = v.InferOutput<typeof MeterValuesRequest>;

export const MeterValuesResponse = payload({});
export type MeterValuesResponse = v.InferOutput<typeof MeterValuesResponse>;
