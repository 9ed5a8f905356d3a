import type { Rule } from "../engine/index.ts";
import { moduleImports } from "./collectors/module-imports.ts";
import { manifests } from "./collectors/manifests.ts";
import { changeCoupling, hotspot, knowledgeSilo } from "./history/index.ts";
import { boundaryViolation } from "./architecture/boundary-violation.ts";
import { hubModule } from "./architecture/hub-module.ts";
import { importCycle } from "./architecture/import-cycle.ts";
import { logicInController } from "./architecture/logic-in-controller.ts";
import { longWorkInRequest } from "./architecture/long-work-in-request.ts";
import { syncServiceChain } from "./architecture/sync-service-chain.ts";
import { inMemoryState } from "./architecture/in-memory-state.ts";
import { selfHttpJobs } from "./architecture/self-http-jobs.ts";
import { unguardedCron } from "./architecture/unguarded-cron.ts";
import { queueWithoutDlq } from "./architecture/queue-without-dlq.ts";
import { noApiVersioning } from "./architecture/no-api-versioning.ts";
import { multipleDatastores } from "./architecture/multiple-datastores.ts";
import { layeredLayout } from "./architecture/layered-layout.ts";
import { unvalidatedInput } from "./data/unvalidated-input.ts";
import { noMigrations } from "./data/no-migrations.ts";
import { fileInDatabase } from "./data/file-in-database.ts";
import { inconsistentModels } from "./data/inconsistent-models.ts";
import { unusedCode } from "./quality/unused-code.ts";
import { untestedModule } from "./quality/untested-module.ts";
import { syncIoInRequest } from "./performance/sync-io-in-request.ts";
import { queryInLoop } from "./performance/query-in-loop.ts";
import { unboundedQuery } from "./performance/unbounded-query.ts";
import { sequentialAwaits } from "./performance/sequential-awaits.ts";
import { missingIndex } from "./performance/missing-index.ts";
import { complexFunction } from "./quality/complex-function.ts";
import { debtMarker } from "./quality/debt-marker.ts";
import { duplicatedCode } from "./quality/duplicated-code.ts";
import { largeFile } from "./quality/large-file.ts";
import { longFunction } from "./quality/long-function.ts";
import { missingStandards } from "./quality/missing-standards.ts";
import { parseError } from "./quality/parse-error.ts";
import { hardcodedSecret } from "./security/hardcoded-secret.ts";
import { vulnerableDependency } from "./security/vulnerable-dependency.ts";
import { missingSecurityHeaders } from "./security/missing-security-headers.ts";
import { insecureTransport } from "./security/insecure-transport.ts";
import { injection } from "./security/injection.ts";
import { weakCrypto } from "./security/weak-crypto.ts";
import { jwtMisuse } from "./security/jwt-misuse.ts";
import { tlsVerificationDisabled } from "./security/tls-verification-disabled.ts";
import { nosqlInjection } from "./security/nosql-injection.ts";
import { ssrf } from "./security/ssrf.ts";
import { openRedirect } from "./security/open-redirect.ts";
import { permissiveCors } from "./security/permissive-cors.ts";
import { hardcodedSessionSecret } from "./security/hardcoded-session-secret.ts";
import { directoryListing } from "./security/directory-listing.ts";
import { unsafeYaml } from "./security/unsafe-yaml.ts";
import { outdatedDependency } from "./quality/outdated-dependency.ts";
import { noCi } from "./infrastructure/no-ci.ts";
import { ciWithoutTests } from "./infrastructure/ci-without-tests.ts";
import { ciWithoutSecurityScan } from "./infrastructure/ci-without-security-scan.ts";
import { noIac } from "./infrastructure/no-iac.ts";
import { manualDeploy } from "./infrastructure/manual-deploy.ts";
import { noHealthcheck } from "./infrastructure/no-healthcheck.ts";
import { noAutoscaling } from "./infrastructure/no-autoscaling.ts";
import { noBackup } from "./infrastructure/no-backup.ts";
import { noStructuredLogging } from "./infrastructure/no-structured-logging.ts";
import { noMetrics } from "./infrastructure/no-metrics.ts";
import { noTracing } from "./infrastructure/no-tracing.ts";
import { noErrorTracking } from "./infrastructure/no-error-tracking.ts";

/** Every rule debtlens has, in one explicit list (a consistency test keeps it, files and docs in step). */
export const RULES = [
  complexFunction,
  longFunction,
  largeFile,
  duplicatedCode,
  debtMarker,
  missingStandards,
  parseError,
  importCycle,
  hubModule,
  boundaryViolation,
  logicInController,
  syncServiceChain,
  longWorkInRequest,
  inMemoryState,
  selfHttpJobs,
  unguardedCron,
  queueWithoutDlq,
  noApiVersioning,
  multipleDatastores,
  layeredLayout,
  unvalidatedInput,
  noMigrations,
  fileInDatabase,
  inconsistentModels,
  unusedCode,
  untestedModule,
  syncIoInRequest,
  queryInLoop,
  unboundedQuery,
  sequentialAwaits,
  missingIndex,
  hardcodedSecret,
  vulnerableDependency,
  missingSecurityHeaders,
  insecureTransport,
  injection,
  weakCrypto,
  jwtMisuse,
  tlsVerificationDisabled,
  nosqlInjection,
  ssrf,
  openRedirect,
  permissiveCors,
  hardcodedSessionSecret,
  directoryListing,
  unsafeYaml,
  outdatedDependency,
  noCi,
  ciWithoutTests,
  ciWithoutSecurityScan,
  noIac,
  manualDeploy,
  noHealthcheck,
  noAutoscaling,
  noBackup,
  noStructuredLogging,
  noMetrics,
  noTracing,
  noErrorTracking,
  hotspot,
  changeCoupling,
  knowledgeSilo,
] as unknown as readonly Rule<unknown>[];

/**
 * The collectors: rule-shaped fact gatherers that report nothing (the module graph's imports, the
 * package.json manifests). Known by id so that workers can rebuild them, but not in RULES.
 */
export const COLLECTORS = [moduleImports, manifests] as unknown as readonly Rule<unknown>[];

const byId = new Map([...RULES, ...COLLECTORS].map((rule) => [rule.id, rule]));

/** The collectors that `rules` declare in `uses`, each once; throws on an id that is no collector. */
export function collectorsUsedBy(rules: readonly Rule<unknown>[]): Rule<unknown>[] {
  const ids = new Set<string>();
  for (const rule of rules)
    for (const id of rule.uses ?? []) {
      if (!COLLECTORS.some((c) => c.id === id))
        throw new Error(`${rule.id} uses "${id}", which is no collector`);
      ids.add(id);
    }
  return COLLECTORS.filter((c) => ids.has(c.id));
}

export function ruleById(id: string): Rule<unknown> | undefined {
  return byId.get(id);
}

export const ruleCatalogue = {
  get: (id: string) => byId.get(id),
  ids: () => byId.keys(),
};

export type { FunctionMetrics } from "./quality/complex-function.ts";
export { MANIFEST_FACT, type ManifestFact } from "./collectors/manifest-fact.ts";
