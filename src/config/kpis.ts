import { z } from "zod";

/**
 * The KPIs `debtlens kpis` reports (src/kpi), each with a target a team may set in the
 * configuration's `kpis.targets`. Whether a KPI must stay under or over its target is the KPI's
 * own (src/kpi/catalogue.ts): a target here is only the number.
 */
export const KPI_IDS = [
  "debtRatio",
  "interest",
  "principal",
  "meanHealth",
  "coverage",
  "hotspots",
  "cycles",
  "vulnerablePackages",
  "libyears",
  "deploymentsPerWeek",
  "leadTimeDays",
  "debtFixShare",
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export const kpisSchema = z.strictObject({
  /** Targets that replace the defaults, e.g. `{ "debtRatio": 0.05, "coverage": 0.8 }`. */
  targets: z
    .strictObject(
      Object.fromEntries(KPI_IDS.map((id) => [id, z.number().min(0).optional()])) as Record<
        KpiId,
        z.ZodOptional<z.ZodNumber>
      >,
    )
    .prefault({}),
});
export type KpisConfig = z.infer<typeof kpisSchema>;
