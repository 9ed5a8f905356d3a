import { sparkline } from "../report/index.ts";
import { PRIORITY_CLASSES, priorityClassNamed } from "../findings/index.ts";
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { loadConfig } from "../config/index.ts";
import { readRepositoryIdentity } from "../git/index.ts";
import { csvCell, findItem, money, percent, type AuditReport } from "../report/index.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { InputError, textTable } from "../shared/index.ts";
import {
  assertOutsideRepository,
  backfill,
  describeLocation,
  findItemId,
  ITEM_SORTS,
  ITEM_STATES,
  itemHistory,
  listItems,
  listProjects,
  listSnapshots,
  openStore,
  openStoreInBackground,
  projectNameOf,
  resolveProject,
  resolveStoreLocation,
  STORE_MARKER,
  storedReport,
  trendOf,
  updateItem,
  type ItemHistory,
  type ItemRow,
  type BackgroundStore,
  type ItemSort,
  type SnapshotRow,
  type Store,
  type TrendPoint,
} from "../store/index.ts";
import type { Io } from "./io.ts";

const FORMATS = ["table", "json", "csv"] as const;

/** Flags every store command takes. */
interface StoreFlags {
  store?: string;
  project?: string;
  format?: string;
}

const storeOption = () =>
  new Option(
    "--store <dir|url>",
    "the store: a folder (PGlite) or a postgres:// URL (default: DEBTLENS_STORE, DATABASE_URL, else $XDG_DATA_HOME/debtlens or ~/.local/share/debtlens)",
  );
const projectOption = () =>
  new Option(
    "--project <name>",
    "the project (default: the store's only project, or the one named like this folder)",
  );

/** Opens the store the flags name, runs `work`, and always closes it. */
async function withStore<T>(flags: StoreFlags, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(resolveStoreLocation(flags.store));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function formatOf(flags: StoreFlags, io: Io, extra: readonly string[] = []): string {
  const format = flags.format ?? (io.stdoutIsTTY ? "table" : "json");
  if (![...FORMATS, ...extra].includes(format))
    throw new InputError(
      "cli.format",
      `--format: expected ${[...FORMATS, ...extra].join(", ")}, got "${format}"`,
    );
  return format;
}

/** Fixed-width columns; numbers right-aligned. */
function table(header: string[], rows: Array<Array<string | number>>): string {
  const numeric = header.map(
    (_, c) => rows.length > 0 && rows.every((r) => typeof r[c] === "number"),
  );
  return `${textTable(
    header,
    rows.map((r) => r.map(String)),
    (c) => numeric[c]!,
  ).join("\n")}\n`;
}

function csv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return [header, ...rows]
    .map((r) => r.map((v) => csvCell(v === null ? undefined : (v as string | number))).join(","))
    .join("\r\n")
    .concat("\r\n");
}

const short = (commit: string | null) => (commit ? commit.slice(0, 10) : "-");
const day = (iso: string) => iso.slice(0, 10);

/**
 * `audit --save`: options on the existing audit command. The store is opened while the audit
 * runs (PGlite's start costs about a second) so that saving adds only the writes; a bad store is
 * reported after the audit, with exit 2.
 */
function addSaveOptions(program: Command): void {
  const audit = program.commands.find((c) => c.name() === "audit");
  if (!audit) return;
  audit
    .option("--save", "store the snapshot in the store (see debtlens trend, items)")
    .addOption(storeOption())
    .option(
      "--project <name>",
      "project to save under (default: the git remote, normalised, else the folder's name)",
    );
  audit.hook("preAction", (command) => {
    const flags = command.opts<StoreFlags & { save?: boolean }>();
    if (!flags.save) return;
    const location = resolveStoreLocation(flags.store);
    assertOutsideRepository(location, resolve(command.args[0] ?? "."));
    pendingStores.set(command.opts(), openStoreInBackground(location));
  });
}

const pendingStores = new WeakMap<object, BackgroundStore>();

/**
 * The save of `audit --save`, started by main.ts's audit once the report is built: the report goes
 * to the store's process at once, which saves it while the report is rendered and written. The
 * function returned waits for the save and prints one line saying what was stored; without
 * `--save` both do nothing.
 */
export function startAuditSave(
  flags: object,
  report: AuditReport,
  /** The report's JSON text, when the caller made it already (the json format). */
  json?: string,
): (io: Io) => Promise<void> {
  const { save, project, store: storeFlag } = flags as StoreFlags & { save?: boolean };
  if (!save) return async () => {};
  const location = resolveStoreLocation(storeFlag);
  const background = pendingStores.get(flags) ?? openStoreInBackground(location);
  pendingStores.delete(flags);
  const saving = background.save(report, { project, ...(json === undefined ? {} : { json }) });
  // Awaited by the function returned; until then a failure must not be an unhandled rejection.
  saving.catch(() => {});
  return async (io) => {
    const result = await saving;
    io.stderr(
      result.created
        ? `saved snapshot ${result.snapshotId} of ${result.project} to ${describeLocation(location)}: ${result.newItems} new, ${result.fixedItems} fixed, ${result.reopenedItems} reopened\n`
        : `snapshot ${result.snapshotId} of ${result.project} already holds this commit with these settings: nothing saved\n`,
    );
  };
}

/** Stops the store's process of an `audit --save` whose audit failed (nothing is saved). */
export async function abandonAuditSave(flags: object): Promise<void> {
  const background = pendingStores.get(flags);
  pendingStores.delete(flags);
  await background?.abandon();
}

/**
 * `explain ITEM` without `--report`: the project's latest stored snapshot answers when it holds
 * the item, instead of a whole audit again. A store is never created for this: without one (or
 * with `--no-store`, or when the snapshot lacks the item) this returns undefined and the caller
 * audits.
 */
export async function storedReportHolding(
  root: string,
  id: string,
  flags: object,
  io: Io,
): Promise<AuditReport | undefined> {
  const { store: storeFlag, project } = flags as { store?: string | false; project?: string };
  if (storeFlag === false) return undefined;
  const location = resolveStoreLocation(storeFlag);
  if (location.kind === "folder" && !existsSync(join(location.path, STORE_MARKER)))
    return undefined;
  const store = await openStore(location);
  try {
    const name = projectNameOf(project, await readRepositoryIdentity(root), root);
    const row = (await listProjects(store)).find((p) => p.name === name);
    if (!row) return undefined;
    const stored = await storedReport(store, row.id);
    if (!stored || !findItem(stored.report, id).item) return undefined;
    const snapshot = (await listSnapshots(store, row.id)).find((s) => s.id === stored.snapshot);
    io.stderr(
      `from snapshot ${stored.snapshot} of ${name} in the store (${snapshot?.commit ? `commit ${snapshot.commit.slice(0, 10)}, ` : ""}audited ${day(snapshot?.auditedAt ?? "")}); --no-store audits again\n`,
    );
    return stored.report;
  } finally {
    await store.close();
  }
}

function addExplainOptions(program: Command): void {
  const explain = program.commands.find((c) => c.name() === "explain");
  if (!explain) return;
  explain
    .addOption(storeOption())
    .option("--no-store", "audit again even when the store holds the item")
    .addOption(projectOption());
}

function snapshotsText(rows: SnapshotRow[], format: string, currency: string): string {
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  const header = [
    "id",
    "project",
    "commit",
    "branch",
    "date",
    "audited",
    "source",
    "items",
    "principal",
    "interest",
    "ratio",
    "rating",
  ];
  if (format === "csv")
    return csv(
      header,
      rows.map((s) => [
        s.id,
        s.project,
        s.commit,
        s.branch,
        s.commitDate,
        s.auditedAt,
        s.source,
        s.items,
        s.principal,
        s.interest,
        s.debtRatio,
        s.rating,
      ]),
    );
  if (rows.length === 0) return "no snapshots\n";
  return table(
    header,
    rows.map((s) => [
      s.id,
      s.project,
      short(s.commit),
      s.branch ?? "-",
      s.commitDate ? day(s.commitDate) : "-",
      day(s.auditedAt),
      s.source,
      s.items,
      money(s.principal, currency),
      money(s.interest, currency),
      percent(s.debtRatio),
      s.rating,
    ]),
  );
}

const CATEGORY_NAMES = [
  "security",
  "performance",
  "quality",
  "architecture",
  "infrastructure",
  "data",
] as const;

export { sparkline };

function trendText(points: TrendPoint[], format: string, currency: string): string {
  if (format === "json") return `${JSON.stringify(points, null, 2)}\n`;
  if (format === "sparkline") {
    if (points.length === 0) return "no snapshots\n";
    const first = points[0]!;
    const last = points.at(-1)!;
    const line = (name: string, values: number[], show: (v: number) => string) =>
      `${name.padEnd(11)} ${sparkline(values)}  ${show(values[0]!)} → ${show(values.at(-1)!)}`;
    return (
      [
        `${points.length} snapshots, ${day(first.date)} to ${day(last.date)}`,
        line(
          "items",
          points.map((p) => p.items),
          String,
        ),
        line(
          "principal",
          points.map((p) => p.principal),
          (v) => money(v, currency),
        ),
        line(
          "interest",
          points.map((p) => p.interest),
          (v) => `${money(v, currency)}/y`,
        ),
        line(
          "debt ratio",
          points.map((p) => p.debtRatio),
          percent,
        ),
        line(
          "health",
          points.map((p) => p.meanHealth ?? 0),
          (v) => v.toFixed(1),
        ),
      ].join("\n") + "\n"
    );
  }
  if (format === "csv") {
    const header = [
      "snapshot",
      "commit",
      "date",
      "items",
      ...PRIORITY_CLASSES,
      ...CATEGORY_NAMES.flatMap((c) => [`${c}_items`, `${c}_principal`, `${c}_interest`]),
      "principal",
      "interest",
      "debt_ratio",
      "rating",
      "mean_health",
      "new",
      "fixed",
    ];
    return csv(
      header,
      points.map((p) => [
        p.snapshot,
        p.commit,
        p.date,
        p.items,
        ...PRIORITY_CLASSES.map((c) => p.byClass[c]),
        ...CATEGORY_NAMES.flatMap((c) => [
          p.byCategory[c].items,
          p.byCategory[c].principal,
          p.byCategory[c].interest,
        ]),
        p.principal,
        p.interest,
        p.debtRatio,
        p.rating,
        p.meanHealth,
        p.newItems,
        p.fixedItems,
      ]),
    );
  }
  if (points.length === 0) return "no snapshots\n";
  return table(
    [
      "date",
      "commit",
      "items",
      "now",
      "next",
      "later",
      "backlog",
      "principal",
      "interest/y",
      "ratio",
      "rating",
      "health",
      "new",
      "fixed",
    ],
    points.map((p) => [
      day(p.date),
      short(p.commit),
      p.items,
      ...PRIORITY_CLASSES.map((c) => p.byClass[c]),
      money(p.principal, currency),
      money(p.interest, currency),
      percent(p.debtRatio),
      p.rating,
      p.meanHealth === null ? "-" : p.meanHealth.toFixed(1),
      p.newItems,
      p.fixedItems,
    ]),
  );
}

function itemsText(rows: ItemRow[], format: string, currency: string): string {
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === "csv")
    return csv(
      [
        "id",
        "state",
        "class",
        "priority",
        "rule",
        "category",
        "path",
        "symbol",
        "principal",
        "interest",
        "owner",
        "due",
        "first_seen",
        "last_seen",
        "fixed_in",
        "reopened",
        "message",
      ],
      rows.map((i) => [
        i.id,
        i.state,
        i.class,
        i.priority,
        i.rule,
        i.category,
        i.path,
        i.symbol,
        i.principal,
        i.interest,
        i.owner,
        i.dueDate,
        i.firstSeen.commit ?? i.firstSeen.date,
        i.lastSeen.commit ?? i.lastSeen.date,
        i.fixedIn ? (i.fixedIn.commit ?? i.fixedIn.date) : null,
        i.reopened,
        i.message,
      ]),
    );
  if (rows.length === 0) return "no items\n";
  return table(
    [
      "id",
      "state",
      "class",
      "prio",
      "rule",
      "where",
      "principal",
      "first seen",
      "last seen",
      "owner",
    ],
    rows.map((i) => [
      i.id.slice(0, 10),
      i.state,
      i.class ?? "-",
      i.priority === null ? "-" : i.priority.toFixed(1),
      i.rule,
      i.path ?? "-",
      i.principal === null ? "-" : money(i.principal, currency),
      `${day(i.firstSeen.date)} ${short(i.firstSeen.commit).slice(0, 7)}`,
      `${day(i.lastSeen.date)} ${short(i.lastSeen.commit).slice(0, 7)}`,
      i.owner ?? "-",
    ]),
  );
}

function itemText(history: ItemHistory, format: string, currency: string): string {
  if (format === "json") return `${JSON.stringify(history, null, 2)}\n`;
  const { item } = history;
  if (format === "csv")
    return csv(
      [
        "snapshot",
        "commit",
        "date",
        "triaged",
        "class",
        "priority",
        "impact",
        "risk",
        "effort",
        "principal",
        "interest",
        "line",
      ],
      history.observations.map((o) => [
        o.snapshot,
        o.commit,
        o.date,
        o.triaged,
        o.class,
        o.priority,
        o.impact,
        o.risk,
        o.effort,
        o.principal,
        o.interest,
        o.startLine,
      ]),
    );
  const lines = [
    `${item.id}  ${item.rule}  ${item.path ?? ""}${item.symbol ? ` (${item.symbol})` : ""}`,
    item.message.split("\n")[0]!,
    `state ${item.state}${item.owner ? `, owner ${item.owner}` : ""}${item.dueDate ? `, due ${item.dueDate}` : ""}${item.note ? `, note: ${item.note}` : ""}`,
    `first seen ${day(item.firstSeen.date)} (${short(item.firstSeen.commit)}), last seen ${day(item.lastSeen.date)} (${short(item.lastSeen.commit)})${item.fixedIn ? `, fixed in ${day(item.fixedIn.date)} (${short(item.fixedIn.commit)})` : ""}${item.reopened ? `, reopened ${item.reopened}x` : ""}`,
    "",
    "Across snapshots:",
    table(
      ["date", "commit", "class", "prio", "principal", "interest/y", "line"],
      history.observations.map((o) => [
        day(o.date),
        short(o.commit),
        o.triaged ? `triaged: ${o.triaged}` : (o.class ?? "-"),
        o.priority === null ? "-" : o.priority.toFixed(1),
        o.principal === null ? "-" : money(o.principal, currency),
        o.interest === null ? "-" : money(o.interest, currency),
        o.startLine ?? "-",
      ]),
    ).trimEnd(),
    "",
    "State changes:",
    history.stateChanges.length === 0
      ? "none (open since first seen)"
      : table(
          ["when", "by", "from", "to", "why"],
          history.stateChanges.map((c) => [day(c.at), c.by, c.from ?? "-", c.to, c.why]),
        ).trimEnd(),
  ];
  return `${lines.join("\n")}\n`;
}

/** The currency of the project's newest snapshot, for printing its money. */
async function currencyOf(store: Store, projectId: number): Promise<string> {
  const row = await store.db
    .selectFrom("snapshots")
    .select("settings")
    .where("project_id", "=", projectId)
    .orderBy("ordered_at", "desc")
    .limit(1)
    .executeTakeFirst();
  const settings = (
    typeof row?.settings === "string" ? JSON.parse(row.settings) : row?.settings
  ) as { scoring?: { currency?: string } } | undefined;
  return settings?.scoring?.currency ?? "USD";
}

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);

function checkChoices(
  flag: string,
  values: string[] | undefined,
  allowed: readonly string[],
): void {
  const bad = values?.find((v) => !allowed.includes(v));
  if (bad !== undefined)
    throw new InputError("cli.choice", `${flag}: expected ${allowed.join(", ")}, got "${bad}"`);
}

interface ItemsFlags extends StoreFlags {
  state?: string;
  class?: string;
  category?: string;
  rule?: string;
  path?: string;
  sort: string;
  limit?: string;
}

interface ItemFlags extends StoreFlags {
  state?: string;
  owner?: string;
  note?: string;
  due?: string;
  by?: string;
}

interface BackfillFlags extends StoreFlags {
  since?: string;
  every?: string;
  commits?: string;
  config?: string;
  offline?: boolean;
}

/** `backfill`, `snapshots`, `trend`, `items`, `item` and `audit --save` (issue 13; docs/store.md). */
export function registerStoreCommands(
  program: Command,
  io: Io,
  setExitCode: (code: number) => void,
): void {
  addSaveOptions(program);
  addExplainOptions(program);
  const folderName = basename(process.cwd());

  program
    .command("backfill")
    .description(
      "audit past commits (one a month for a year by default) and save each as a snapshot dated by its commit",
    )
    .argument("[path]", "the repository", ".")
    .option("--since <span|date>", "how far back: 12m, 26w, 90d, 2y or a date (default 12m)")
    .option("--every <span>", "one snapshot per: 1m, 2w, 7d (default 1m)")
    .option("--commits <n>", "instead: the newest N commits of the first-parent history")
    .addOption(storeOption())
    .option(
      "--project <name>",
      "project to save under (default: the git remote, else the folder's name)",
    )
    .option(
      "-c, --config <file>",
      "configuration file (the same for every commit, so the trend compares like with like)",
    )
    .option("--offline", "no network: no OSV API, no npm registry")
    .action(async (path: string, flags: BackfillFlags) => {
      const root = resolve(path);
      const commits = flags.commits === undefined ? undefined : Number(flags.commits);
      const plan = {
        ...(flags.since !== undefined ? { since: flags.since } : {}),
        ...(flags.every !== undefined ? { every: flags.every } : {}),
        ...(commits !== undefined ? { commits } : {}),
      };
      const location = resolveStoreLocation(flags.store);
      assertOutsideRepository(location, root);
      const { config } = loadConfig(root, flags.config, ruleCatalogue);
      await withStore(flags, async (store) => {
        const result = await backfill({
          repository: root,
          store,
          config,
          plan,
          ...(flags.project !== undefined ? { project: flags.project } : {}),
          offline: flags.offline === true,
          onProgress: io.stderrIsTTY
            ? ({ done, total, commit, skipped }) =>
                io.stderr(
                  `\r\x1b[Kbackfill ${done}/${total} ${commit.commit.slice(0, 10)} ${day(commit.date)}${skipped ? " (already stored)" : ""}`,
                )
            : undefined,
        });
        if (io.stderrIsTTY) io.stderr("\r\x1b[K");
        io.stderr(
          `backfilled ${result.saved} snapshot(s) of ${result.project} to ${describeLocation(store.location)}${result.skipped ? ` (${result.skipped} already stored)` : ""}: debtlens trend --project ${result.project}\n`,
        );
      });
      setExitCode(0);
    });

  program
    .command("snapshots")
    .description("list the snapshots in the store: commit, date, items, money, rating")
    .addOption(storeOption())
    .addOption(projectOption())
    .option("--all", "every project's snapshots")
    .option("-f, --format <format>", "table, json or csv (default: table on a terminal)")
    .action(async (flags: StoreFlags & { all?: boolean }) => {
      const format = formatOf(flags, io);
      await withStore(flags, async (store) => {
        if (flags.all) {
          const rows = await listSnapshots(store);
          io.stdout(snapshotsText(rows, format, "USD"));
          return;
        }
        const project = await resolveProject(store, flags.project, folderName);
        const rows = await listSnapshots(store, project.id);
        io.stdout(snapshotsText(rows, format, await currencyOf(store, project.id)));
      });
      setExitCode(0);
    });

  program
    .command("trend")
    .description(
      "per snapshot: items by class and category, principal and interest, debt ratio and rating, mean code health, new and fixed items",
    )
    .addOption(storeOption())
    .addOption(projectOption())
    .option("-f, --format <format>", "table, json, csv or sparkline (default: table on a terminal)")
    .action(async (flags: StoreFlags) => {
      const format = formatOf(flags, io, ["sparkline"]);
      await withStore(flags, async (store) => {
        const project = await resolveProject(store, flags.project, folderName);
        const points = await trendOf(store, project.id);
        io.stdout(trendText(points, format, await currencyOf(store, project.id)));
      });
      setExitCode(0);
    });

  program
    .command("items")
    .description("the register kept over time: each item's state, owner, first and last seen")
    .addOption(storeOption())
    .addOption(projectOption())
    .option("--state <states>", `comma-separated: ${ITEM_STATES.join(", ")}`)
    .option("--class <classes>", "comma-separated: fix-now, next, later, backlog")
    .option("--category <categories>", `comma-separated: ${CATEGORY_NAMES.join(", ")}`)
    .option("--rule <ids>", "comma-separated rule ids")
    .option("--path <prefix|glob>", "a folder or file, or a glob such as src/**/*.ts")
    .addOption(new Option("--sort <key>", "order").choices(ITEM_SORTS).default("priority"))
    .option("--limit <n>", "at most this many rows")
    .option("-f, --format <format>", "table, json or csv (default: table on a terminal)")
    .action(async (flags: ItemsFlags) => {
      const format = formatOf(flags, io);
      const filter = {
        state: list(flags.state),
        // The classes' names before report v2 are read as the new ones.
        class: list(flags.class)?.map((n) => priorityClassNamed(n) ?? n),
        category: list(flags.category),
        rule: list(flags.rule),
        path: flags.path,
      };
      checkChoices("--state", filter.state, ITEM_STATES);
      checkChoices("--class", filter.class, PRIORITY_CLASSES);
      checkChoices("--category", filter.category, CATEGORY_NAMES);
      const limit = flags.limit === undefined ? undefined : Number(flags.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
        throw new InputError(
          "cli.limit",
          `--limit: expected a positive whole number, got "${flags.limit}"`,
        );
      await withStore(flags, async (store) => {
        const project = await resolveProject(store, flags.project, folderName);
        const rows = await listItems(store, project.id, filter, flags.sort as ItemSort);
        io.stdout(
          itemsText(
            limit ? rows.slice(0, limit) : rows,
            format,
            await currencyOf(store, project.id),
          ),
        );
      });
      setExitCode(0);
    });

  program
    .command("item")
    .description(
      "one item's history across snapshots and its state changes; with --state/--owner/--note/--due, record a decision",
    )
    .argument("<id>", "the item's id (fingerprint) or a prefix of 6+ characters")
    .addOption(storeOption())
    .addOption(projectOption())
    .option("--state <state>", ITEM_STATES.join(", "))
    .option("--owner <name>", "who owns the item")
    .option("--note <text>", "a note; with --state, the reason recorded with the change")
    .option("--due <date>", "due date, YYYY-MM-DD")
    .option("--by <name>", "who decides (default: $USER)")
    .option("-f, --format <format>", "table, json or csv (default: table on a terminal)")
    .action(async (id: string, flags: ItemFlags) => {
      const format = formatOf(flags, io);
      await withStore(flags, async (store) => {
        const project = await resolveProject(store, flags.project, folderName);
        const fingerprint = await findItemId(store, project.id, id);
        const update = {
          ...(flags.state !== undefined ? { state: flags.state } : {}),
          ...(flags.owner !== undefined ? { owner: flags.owner } : {}),
          ...(flags.note !== undefined ? { note: flags.note } : {}),
          ...(flags.due !== undefined ? { due: flags.due } : {}),
        };
        if (Object.keys(update).length > 0)
          await updateItem(store, project.id, fingerprint, {
            ...update,
            by: flags.by ?? process.env.USER ?? "unknown",
          });
        const history = await itemHistory(store, project.id, fingerprint);
        io.stdout(itemText(history, format, await currencyOf(store, project.id)));
      });
      setExitCode(0);
    });
}
