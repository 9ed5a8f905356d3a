import { z } from "zod";
import { InputError } from "../shared/index.ts";
import { SCOPES } from "../scopes/index.ts";
import type { Config } from "./schema.ts";

/**
 * What the command line may change in the configuration, validated like the file is: the flags
 * are data, merged by a pure function, so the loaded configuration is never edited in place.
 */
export const configFlagsSchema = z.strictObject({
  /** `--no-cache`. */
  cache: z.boolean().optional(),
  /** `--no-history`. */
  history: z.boolean().optional(),
  /** `--since DATE`. */
  since: z
    .string()
    .refine((text) => !Number.isNaN(Date.parse(text)), "expected a date such as 2024-01-31")
    .optional(),
  /** `--workers N`. */
  workers: z.coerce.number().int().min(0).optional(),
  /** `--scope production,test`: the scopes the headline counts (reports.scopes). */
  scope: z
    .string()
    .transform((text) => text.split(",").map((s) => s.trim()))
    .pipe(z.array(z.enum(SCOPES, { error: `expected scopes among ${SCOPES.join(", ")}` })).min(1))
    .optional(),
});
export type ConfigFlags = z.input<typeof configFlagsSchema>;

/** The configuration with the flags applied; a bad flag is an InputError naming it. */
export function withFlags(config: Config, flags: ConfigFlags): Config {
  const parsed = configFlagsSchema.safeParse({
    ...(flags.cache === undefined ? {} : { cache: flags.cache }),
    ...(flags.history === undefined ? {} : { history: flags.history }),
    ...(flags.since === undefined ? {} : { since: flags.since }),
    ...(flags.workers === undefined ? {} : { workers: flags.workers }),
    ...(flags.scope === undefined ? {} : { scope: flags.scope }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = String(issue.path[0] ?? "");
    throw new InputError(
      "usage",
      `--${flag}: ${issue.message}${flag in flags ? `, got "${String(flags[flag as keyof ConfigFlags])}"` : ""}`,
    );
  }
  const f = parsed.data;
  return {
    ...config,
    cache: f.cache === false ? { ...config.cache, enabled: false } : config.cache,
    history: {
      ...config.history,
      ...(f.history === false ? { enabled: false } : {}),
      ...(f.since === undefined ? {} : { since: f.since }),
    },
    ...(f.workers === undefined ? {} : { workers: f.workers }),
    ...(f.scope === undefined ? {} : { reports: { ...config.reports, scopes: f.scope } }),
  };
}
