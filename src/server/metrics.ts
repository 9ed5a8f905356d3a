import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** One registry per app, so two apps in one process (tests) never share or clash. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: "debtlens_http_request_duration_seconds",
    help: "HTTP request duration by route (the route's pattern, not the raw URL) and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const uploads = new Counter({
    name: "debtlens_uploads_total",
    help: "Snapshot uploads by result: created, duplicate (same commit and settings) or failed",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  const storeDuration = new Histogram({
    name: "debtlens_store_operation_duration_seconds",
    help: "Time spent in the store per operation",
    labelNames: ["operation"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers: [registry],
  });
  return { registry, requestDuration, uploads, storeDuration };
}

export type Metrics = ReturnType<typeof createMetrics>;
