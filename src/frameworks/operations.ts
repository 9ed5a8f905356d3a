/**
 * Packages that tell how a service runs in production: what serves HTTP, and which libraries
 * give it structured logs, metrics, traces, error tracking and health endpoints. Plain data, read
 * from package.json dependency names (so one line here is one library more, for every rule).
 */
import { PACKAGES_BY_KIND } from "./catalogue.ts";

/** Packages that make a long-running HTTP server (the catalogue's frameworks plus the rarer ones). */
export const SERVER_PACKAGES: ReadonlySet<string> = new Set([
  ...(PACKAGES_BY_KIND.get("http-framework") ?? []).filter(
    (p) => !p.includes("/") || p.startsWith("@"),
  ),
  "@hapi/hapi",
  "hapi",
  "restify",
  "polka",
  "@adonisjs/core",
  "h3",
  "elysia",
  "@remix-run/serve",
  "@remix-run/express",
  "@react-router/serve",
  "@apollo/server",
  "apollo-server",
  "apollo-server-express",
  "graphql-yoga",
  "micro",
  "sails",
  "@loopback/core",
  "@feathersjs/feathers",
  "nuxt",
]);

/** Libraries that write structured (JSON, levelled, contextual) logs. Fastify and hapi ship one. */
export const STRUCTURED_LOGGERS: ReadonlySet<string> = new Set([
  "pino",
  "pino-http",
  "nestjs-pino",
  "express-pino-logger",
  "winston",
  "express-winston",
  "nest-winston",
  "bunyan",
  "log4js",
  "roarr",
  "tslog",
  "@logtape/logtape",
  "@aws-lambda-powertools/logger",
  "@google-cloud/logging",
  "@google-cloud/logging-winston",
  "@google-cloud/logging-bunyan",
  "@azure/monitor-opentelemetry",
  "@opentelemetry/api-logs",
  "fastify",
  "@hapi/hapi",
  "@hapi/good",
]);

/** Metrics: Prometheus, OpenTelemetry metrics, StatsD, Datadog, APM agents that record metrics. */
export const METRICS_LIBRARIES: ReadonlySet<string> = new Set([
  "prom-client",
  "express-prom-bundle",
  "fastify-metrics",
  "@willsoto/nestjs-prometheus",
  "koa-prometheus-adaptor",
  "@opentelemetry/sdk-metrics",
  "@opentelemetry/sdk-node",
  "@opentelemetry/auto-instrumentations-node",
  "@opentelemetry/exporter-prometheus",
  "@opentelemetry/exporter-metrics-otlp-http",
  "@opentelemetry/exporter-metrics-otlp-grpc",
  "@vercel/otel",
  "@azure/monitor-opentelemetry",
  "hot-shots",
  "node-statsd",
  "statsd-client",
  "lynx",
  "dd-trace",
  "datadog-metrics",
  "newrelic",
  "elastic-apm-node",
  "applicationinsights",
  "@aws-lambda-powertools/metrics",
  "aws-embedded-metrics",
  "@google-cloud/opentelemetry-cloud-monitoring-exporter",
]);

/** Distributed tracing: OpenTelemetry tracing, Datadog APM, Elastic APM, New Relic, X-Ray. */
export const TRACING_LIBRARIES: ReadonlySet<string> = new Set([
  "@opentelemetry/sdk-trace-node",
  "@opentelemetry/sdk-trace-base",
  "@opentelemetry/sdk-node",
  "@opentelemetry/auto-instrumentations-node",
  "@opentelemetry/exporter-trace-otlp-http",
  "@opentelemetry/exporter-trace-otlp-grpc",
  "@opentelemetry/exporter-trace-otlp-proto",
  "@vercel/otel",
  "@azure/monitor-opentelemetry",
  "@google-cloud/opentelemetry-cloud-trace-exporter",
  "dd-trace",
  "elastic-apm-node",
  "newrelic",
  "applicationinsights",
  "aws-xray-sdk",
  "aws-xray-sdk-core",
  "@aws-lambda-powertools/tracer",
  "jaeger-client",
  "zipkin",
  "@highlight-run/node",
]);

/** Error tracking: Sentry, Bugsnag, Rollbar, Honeybadger, Datadog (APM and RUM), Raygun, Airbrake. */
export const ERROR_TRACKERS: ReadonlySet<string> = new Set([
  "@sentry/node",
  "@sentry/nextjs",
  "@sentry/nestjs",
  "@sentry/bun",
  "@sentry/remix",
  "@sentry/sveltekit",
  "@sentry/nuxt",
  "@sentry/serverless",
  "@sentry/aws-serverless",
  "@sentry/google-cloud-serverless",
  "@sentry/react",
  "@sentry/browser",
  "@sentry/vue",
  "@sentry/angular",
  "@sentry/react-native",
  "@sentry/cloudflare",
  "@ntegral/nestjs-sentry",
  "@bugsnag/js",
  "@bugsnag/node",
  "@bugsnag/browser",
  "@bugsnag/plugin-express",
  "rollbar",
  "@honeybadger-io/js",
  "honeybadger",
  "@datadog/browser-rum",
  "@datadog/browser-logs",
  "dd-trace",
  "newrelic",
  "elastic-apm-node",
  "applicationinsights",
  "raygun",
  "raygun4js",
  "@airbrake/node",
  "@airbrake/browser",
  "@highlight-run/node",
  "trackjs",
]);

/** Libraries that add health or readiness endpoints. */
export const HEALTH_LIBRARIES: ReadonlySet<string> = new Set([
  "@godaddy/terminus",
  "@nestjs/terminus",
  "lightship",
  "express-healthcheck",
  "express-health-check",
  "fastify-healthcheck",
  "express-actuator",
  "healthcheck-middleware",
  "@hapi/hapi-healthcheck",
  "koa-healthcheck",
]);

/** Environment or agent settings that load an APM agent without an import (`NODE_OPTIONS=-r dd-trace/init`, OTel operator annotations). */
export const AGENT_INJECTION =
  /(?:--require|-r|--import)[ =]["']?(dd-trace|newrelic|elastic-apm-node|@opentelemetry\/auto-instrumentations-node)|instrumentation\.opentelemetry\.io\/inject-nodejs|admission\.datadoghq\.com\/enabled/;

/** The last segment of a health, readiness or liveness route (`/api/healthz`, `/_health`, `/status`). */
export const HEALTH_ROUTE =
  /(^|\/)(_?health(check|z|y)?|_?ready|readyz|readiness|livez?|liveness|alive|ping|status|heartbeat|up)(\/|$)/i;
