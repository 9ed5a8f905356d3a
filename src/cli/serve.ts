import { basename } from "node:path";
import { Option, type Command } from "commander";
import type { AuditReport } from "../report/index.ts";
import { InputError } from "../shared/index.ts";
import {
  describeLocation,
  identityOf,
  openStore,
  normaliseRemote,
  resolveStoreLocation,
  type Store,
} from "../store/index.ts";
// The server (fastify and its plugins) loads only for the commands that use it: evaluating it
// cost every other command, an audit included, 70 ms of start-up.
import { ROLES } from "../server/access.ts";
const loadServer = () => import("../server/index.ts");
import type { Io } from "./io.ts";

const storeOption = () =>
  new Option(
    "--store <dir|url>",
    "the store: a folder (PGlite) or a postgres:// URL (default: DEBTLENS_STORE, DATABASE_URL, else $XDG_DATA_HOME/debtlens or ~/.local/share/debtlens)",
  );

async function withStore<T>(flag: string | undefined, work: (store: Store) => Promise<T>) {
  const store = await openStore(resolveStoreLocation(flag));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(
      "cli.bad-number",
      `${flag}: expected a whole number from ${min} to ${max}, got "${value}"`,
    );
  return n;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

interface ServeFlags {
  store?: string;
  host: string;
  port: string;
  bodyLimit: string;
  rateLimit: string;
  trustProxy?: boolean;
}

/**
 * Runs until SIGTERM or SIGINT: then it stops accepting, lets the requests in flight finish and
 * closes the store (PGlite's folder is left clean, its lock released).
 */
async function serve(flags: ServeFlags, io: Io): Promise<void> {
  const server = await (
    await loadServer()
  ).startServer({
    location: resolveStoreLocation(flags.store),
    host: flags.host,
    port: wholeNumber("--port", flags.port, 0, 65535),
    bodyLimit: wholeNumber("--body-limit", flags.bodyLimit, 1, 1024) * 1024 * 1024,
    rateLimit: wholeNumber("--rate-limit", flags.rateLimit, 1, 10_000_000),
    trustProxy: flags.trustProxy === true,
    logger: { level: process.env.LOG_LEVEL ?? "info" },
  });
  io.stderr(`debtlens serve: listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      server.app.log.info({ signal }, "shutting down: finishing requests in flight");
      void server.close().then(resolve, (error: unknown) => {
        server.app.log.error({ err: error }, "shutdown failed");
        resolve();
      });
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
  });
}

/** `debtlens serve`, `user add`, `token create`, and `audit --upload URL --token T`. */
export function registerServeCommands(
  program: Command,
  io: Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("serve")
    .description("serve the shared register: the API under /api/v1, health, readiness and metrics")
    .addOption(storeOption())
    .option("--host <address>", "address to listen on (0.0.0.0 for every interface)", "127.0.0.1")
    .option("--port <n>", "port to listen on", "4040")
    .option("--body-limit <mb>", "largest request body in MB (an uploaded report)", "50")
    .option("--rate-limit <n>", "requests per minute per client address", "1200")
    .option("--trust-proxy", "behind a load balancer: trust X-Forwarded-For and X-Forwarded-Proto")
    .action(async (flags: ServeFlags) => {
      await serve(flags, io);
      setExitCode(0);
    });

  const user = program.command("user").description("users of the server");
  user
    .command("add")
    .description("add a user (or set a new password) with a role in an organisation")
    .argument("<email>", "the user's email, their login")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option("--org <name>", "the organisation (created if new)", "default")
    .option("--password-stdin", "read the password from standard input (required: never in argv)")
    .addOption(storeOption())
    .action(
      async (
        email: string,
        flags: { role: string; org: string; passwordStdin?: boolean; store?: string },
      ) => {
        if (!flags.passwordStdin)
          throw new InputError(
            "user.password-stdin",
            "--password-stdin: required; pipe the password in so it never shows in the process list",
          );
        const password = (await readStdin()).replace(/\r?\n$/, "");
        const { addUser } = await loadServer();
        const result = await withStore(flags.store, (store) =>
          addUser(store, { email, password, role: flags.role, organisation: flags.org }),
        );
        io.stderr(
          `${result.created ? "added" : "updated"} ${email.trim().toLowerCase()} as ${flags.role} in ${flags.org}\n`,
        );
        setExitCode(0);
      },
    );

  const token = program.command("token").description("API tokens for CI uploads");
  token
    .command("create")
    .description("create an API token that may upload snapshots of one project (printed once)")
    .requiredOption("--project <name>", "the project (created if new)")
    .option("--org <name>", "the organisation a new project belongs to", "default")
    .addOption(storeOption())
    .action(async (flags: { project: string; org: string; store?: string }) => {
      const created = await withStore(flags.store, async (store) => {
        const result = await (await loadServer()).createToken(store, flags.project, flags.org);
        io.stderr(
          `token for project ${result.project} in ${describeLocation(store.location)}: shown once, store it as a CI secret\n`,
        );
        return result;
      });
      io.stdout(`${created.token}\n`);
      setExitCode(0);
    });

  const org = program.command("org").description("organisations of the server");
  org
    .command("limits")
    .description(
      "set who approves a plan by its investment: below --manager a manager, up to --cto the CTO, above an executive",
    )
    .requiredOption("--org <name>", "the organisation")
    .requiredOption("--manager <amount>", "plans below this a manager approves (default 50000)")
    .requiredOption("--cto <amount>", "plans up to this the CTO approves (default 200000)")
    .addOption(storeOption())
    .action(async (flags: { org: string; manager: string; cto: string; store?: string }) => {
      const limits = { manager: Number(flags.manager), cto: Number(flags.cto) };
      const { setApprovalLimits } = await loadServer();
      await withStore(flags.store, (store) => setApprovalLimits(store, flags.org, limits));
      io.stderr(
        `organisation ${flags.org}: a manager approves below ${limits.manager}, the CTO up to ${limits.cto}, an executive above\n`,
      );
      setExitCode(0);
    });

  const audit = program.commands.find((c) => c.name() === "audit");
  audit
    ?.option(
      "--upload <url>",
      "send the report to a debtlens server: its address (http://host:4040) or a .../snapshots URL",
    )
    .option("--token <token>", "the project's API token for --upload (default: DEBTLENS_TOKEN)");
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Where `--upload URL` sends a report: the URL itself when it names the endpoint. */
export function uploadEndpoint(url: string, project: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError("upload.bad-url", `--upload: not a URL: "${url}"`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw new InputError(
      "upload.bad-url",
      `--upload: expected an http(s) URL, got ${parsed.protocol}`,
    );
  // The token is a credential: it travels in clear only to this machine.
  if (parsed.protocol === "http:" && !LOOPBACK.has(parsed.hostname))
    throw new InputError(
      "upload.insecure",
      `--upload: ${parsed.host} over plain http would send the token in clear; use https`,
    );
  if (parsed.username || parsed.password)
    throw new InputError("upload.bad-url", "--upload: put the credential in --token, not the URL");
  if (/\/snapshots\/?$/.test(parsed.pathname)) return parsed;
  const base = parsed.pathname.replace(/\/+$/, "");
  return new URL(`${base}/api/v1/projects/${encodeURIComponent(project)}/snapshots`, parsed);
}

/** POSTs a report to the server; the answer's snapshot id, or a one-line error. */
export async function uploadReport(
  url: string,
  token: string,
  report: AuditReport,
  project?: string,
): Promise<{ snapshot: number; created: boolean; endpoint: string }> {
  // The name `audit --save` would give: --project, else the normalised remote, else the folder.
  const remote = identityOf(report).remote;
  const name =
    project?.trim() || (remote ? normaliseRemote(remote) : undefined) || basename(report.root);
  const endpoint = uploadEndpoint(url, name);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(report),
      redirect: "error",
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new InputError(
      "upload.unreachable",
      `--upload: ${endpoint.origin} cannot be reached (${cause})`,
    );
  }
  let body: { snapshot?: number; created?: boolean; error?: { code?: string; message?: string } };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = {};
  }
  if (response.status !== 201 || typeof body.snapshot !== "number")
    throw new InputError(
      "upload.refused",
      `--upload: ${endpoint.href} answered ${response.status}${body.error ? ` ${String(body.error.code)}: ${String(body.error.message)}` : ""}`,
    );
  return { snapshot: body.snapshot, created: body.created === true, endpoint: endpoint.href };
}

/** `audit --upload`: called by main.ts's audit once the report is built; nothing without --upload. */
export async function uploadAuditReport(flags: object, report: AuditReport, io: Io): Promise<void> {
  const { upload, token, project } = flags as { upload?: string; token?: string; project?: string };
  if (upload === undefined) return;
  const secret = token ?? process.env.DEBTLENS_TOKEN;
  if (!secret)
    throw new InputError(
      "upload.no-token",
      "--upload: give the project's API token with --token or DEBTLENS_TOKEN",
    );
  const result = await uploadReport(upload, secret, report, project);
  io.stderr(
    result.created
      ? `uploaded snapshot ${result.snapshot} to ${result.endpoint}\n`
      : `${result.endpoint} already holds this commit with these settings (snapshot ${result.snapshot})\n`,
  );
}
