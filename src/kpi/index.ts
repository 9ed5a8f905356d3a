export { KPIS, type KpiDefinition } from "./catalogue.ts";
export {
  measureDelivery,
  median,
  type Delivery,
  type DeliveryOptions,
  type Release,
} from "./delivery.ts";
export { figuresOfReport, type ReportFigures } from "./figures.ts";
export { storedKpiSnapshots } from "./stored.ts";
export {
  assembleKpis,
  type Kpi,
  type KpiInput,
  type KpiPoint,
  type KpiReport,
  type KpiSnapshot,
} from "./kpis.ts";
export { formatKpiTable, formatKpiValue } from "./format.ts";
