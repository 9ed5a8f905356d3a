/**
 * What each well-known package is, as plain data. A package is named as it appears in an import
 * specifier (`@scope/name` or `name`; Node built-ins with and without `node:`). Adding a library
 * is adding a line here, not a regular expression in a rule.
 */

export type Kind =
  | "http-framework"
  | "db"
  | "http-client"
  | "queue"
  | "scheduler"
  | "session"
  | "mailer"
  | "validator"
  | "security-headers"
  | "document"
  | "sync-io"
  | "migrations"
  | "saas";

export interface PackageInfo {
  kind: Kind;
  /** The family a rule names in its messages ("Prisma", "Express"). */
  name: string;
}

const entries: Array<[Kind, string, string[]]> = [
  ["http-framework", "Express", ["express"]],
  ["http-framework", "Fastify", ["fastify"]],
  ["http-framework", "Koa", ["koa", "@koa/router", "koa-router"]],
  ["http-framework", "Hono", ["hono"]],
  ["http-framework", "Nest", ["@nestjs/common", "@nestjs/core"]],
  ["http-framework", "Next.js", ["next", "next/server"]],
  ["db", "Prisma", ["@prisma/client"]],
  ["db", "TypeORM", ["typeorm"]],
  ["db", "Sequelize", ["sequelize", "sequelize-typescript"]],
  ["db", "Mongoose", ["mongoose"]],
  ["db", "MongoDB", ["mongodb"]],
  ["db", "Knex", ["knex"]],
  ["db", "Kysely", ["kysely"]],
  ["db", "Drizzle", ["drizzle-orm"]],
  ["db", "pg", ["pg", "postgres", "@neondatabase/serverless"]],
  ["db", "MySQL", ["mysql2", "mysql"]],
  ["db", "Firestore", ["firebase-admin", "firebase/firestore", "@google-cloud/firestore"]],
  ["db", "Redis", ["redis", "ioredis"]],
  ["db", "SQLite", ["better-sqlite3", "sqlite3"]],
  ["http-client", "fetch", ["node-fetch", "cross-fetch"]],
  ["http-client", "axios", ["axios"]],
  ["http-client", "got", ["got"]],
  ["http-client", "undici", ["undici"]],
  ["http-client", "ky", ["ky"]],
  ["http-client", "superagent", ["superagent"]],
  ["http-client", "node:http", ["http", "https", "node:http", "node:https"]],
  ["queue", "BullMQ", ["bullmq"]],
  ["queue", "Bull", ["bull", "bee-queue"]],
  ["queue", "amqplib", ["amqplib", "amqp-connection-manager"]],
  ["queue", "KafkaJS", ["kafkajs"]],
  ["queue", "SQS", ["@aws-sdk/client-sqs", "sqs-consumer"]],
  ["queue", "pg-boss", ["pg-boss"]],
  ["scheduler", "node-cron", ["node-cron"]],
  ["scheduler", "cron", ["cron"]],
  ["scheduler", "node-schedule", ["node-schedule"]],
  ["scheduler", "Agenda", ["agenda"]],
  ["scheduler", "toad-scheduler", ["toad-scheduler"]],
  ["scheduler", "Nest schedule", ["@nestjs/schedule"]],
  ["session", "express-session", ["express-session"]],
  ["session", "cookie-session", ["cookie-session"]],
  ["session", "koa-session", ["koa-session"]],
  ["session", "@fastify/session", ["@fastify/session", "@fastify/secure-session"]],
  ["mailer", "Nodemailer", ["nodemailer"]],
  ["mailer", "SendGrid", ["@sendgrid/mail"]],
  ["mailer", "Mailgun", ["mailgun.js", "mailgun-js"]],
  ["mailer", "Postmark", ["postmark"]],
  ["mailer", "Resend", ["resend"]],
  ["mailer", "SES", ["@aws-sdk/client-ses", "@aws-sdk/client-sesv2"]],
  ["validator", "zod", ["zod"]],
  ["validator", "joi", ["joi", "@hapi/joi", "celebrate"]],
  ["validator", "yup", ["yup"]],
  ["validator", "class-validator", ["class-validator"]],
  ["validator", "ajv", ["ajv"]],
  ["validator", "valibot", ["valibot"]],
  ["validator", "superstruct", ["superstruct"]],
  ["validator", "TypeBox", ["@sinclair/typebox", "typebox"]],
  ["validator", "express-validator", ["express-validator"]],
  ["validator", "Hono validator", ["@hono/zod-validator", "hono/validator"]],
  [
    "security-headers",
    "helmet",
    ["helmet", "@fastify/helmet", "koa-helmet", "hono/secure-headers"],
  ],
  [
    "document",
    "PDF/report generation",
    ["pdfkit", "puppeteer", "playwright", "jspdf", "exceljs", "pdf-lib", "sharp", "html-pdf"],
  ],
  [
    "saas",
    "third-party API",
    [
      "stripe",
      "twilio",
      "openai",
      "@anthropic-ai/sdk",
      "@slack/web-api",
      "googleapis",
      "@octokit/rest",
      "algoliasearch",
      "@aws-sdk/client-s3",
    ],
  ],
  ["sync-io", "node:fs", ["fs", "node:fs"]],
  ["sync-io", "node:crypto", ["crypto", "node:crypto"]],
  ["sync-io", "node:zlib", ["zlib", "node:zlib"]],
  ["sync-io", "node:child_process", ["child_process", "node:child_process"]],
  ["migrations", "Prisma Migrate", ["prisma"]],
  ["migrations", "Knex migrations", ["knex"]],
  ["migrations", "node-pg-migrate", ["node-pg-migrate"]],
  ["migrations", "db-migrate", ["db-migrate"]],
  ["migrations", "umzug", ["umzug"]],
  ["migrations", "drizzle-kit", ["drizzle-kit"]],
  ["migrations", "sequelize-cli", ["sequelize-cli"]],
  ["migrations", "TypeORM migrations", ["typeorm"]],
  ["migrations", "migrate-mongo", ["migrate-mongo"]],
];

/** Package name to what it is. `knex` and `typeorm` are both a client and a migration tool: the client wins here. */
export const PACKAGES: ReadonlyMap<string, PackageInfo> = (() => {
  const map = new Map<string, PackageInfo>();
  for (const [kind, name, packages] of entries) {
    for (const pkg of packages) if (!map.has(pkg)) map.set(pkg, { kind, name });
  }
  return map;
})();

/** Packages, by kind, including those shadowed in PACKAGES (e.g. knex as a migration tool). */
export const PACKAGES_BY_KIND: ReadonlyMap<Kind, readonly string[]> = (() => {
  const map = new Map<Kind, string[]>();
  for (const [kind, , packages] of entries) map.set(kind, [...(map.get(kind) ?? []), ...packages]);
  return map;
})();

/** HTTP verbs that route registration methods are named after (`app.get`, `router.post`, `@Get()`). */
export const HTTP_METHODS: ReadonlySet<string> = new Set([
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "del",
  "all",
  "options",
  "head",
]);

/** Next.js App Router handler names. */
export const NEXT_ROUTE_EXPORTS: ReadonlySet<string> = new Set([
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
]);

/** Nest method decorators that make a controller method a route handler. */
export const NEST_ROUTE_DECORATORS: ReadonlySet<string> = new Set([
  "Get",
  "Post",
  "Put",
  "Patch",
  "Delete",
  "All",
  "Options",
  "Head",
]);

/** Database methods that read a list of rows/documents (candidates for `unbounded-query`). */
export const LIST_QUERY_METHODS: ReadonlySet<string> = new Set([
  "findMany",
  "find",
  "findAll",
  "findAndCountAll",
  "getMany",
  "findBy",
]);

/** Database methods that run a query or a write (the N+1 suspects). */
export const DB_METHODS: ReadonlySet<string> = new Set([
  ...LIST_QUERY_METHODS,
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findOne",
  "findOneBy",
  "findById",
  "findByPk",
  "findOneAndUpdate",
  "count",
  "countDocuments",
  "aggregate",
  "groupBy",
  "create",
  "createMany",
  "insert",
  "insertOne",
  "insertMany",
  "update",
  "updateOne",
  "updateMany",
  "upsert",
  "delete",
  "deleteOne",
  "deleteMany",
  "destroy",
  "save",
  "query",
  "execute",
  "$queryRaw",
  "$executeRaw",
  "$queryRawUnsafe",
  "selectFrom",
  "insertInto",
  "getOne",
  "exec",
]);

/**
 * Names under which teams hold a database handle (`prisma`, `db`, `knex`, `pool`,
 * `userRepository`, ...). Kept for the rules that look at SQL text; `classifyCall` trusts a name
 * alone only when it is unambiguous (`DB_HANDLE_STRICT`), and the generic ones (`db`, `client`,
 * `pool`) only in a file that imports a database package or the project's data layer.
 */
export const DB_HANDLE_NAME =
  /^(prisma|db|database|knex|pool|sql|pg|mongo|mongodb|conn|connection|client|dataSource|datasource|em|entityManager|manager|sequelize|kysely|drizzle|trx|tx|firestore|redis|\w*Repository|\w*Repo|\w*Model|\w*Collection)$/;
/** Handle names nobody gives an array or a map. */
export const DB_HANDLE_STRICT =
  /^(prisma|knex|sequelize|kysely|drizzle|mongoose|\w+Repository|\w+Repo)$/;
/** Names of models and collections: a handle in a file that imports a database (a Postman `parentCollection` or a view model is not). */
export const DB_HANDLE_SUFFIX = /^\w+(Model|Collection)$/;

/**
 * A workspace package of the project's data layer (`@acme/db`, `@documenso/prisma`): fewer names
 * than a path, since a package named `data` or `schema` is usually shared types.
 */
export const DATA_PACKAGE =
  /\/(db|database|prisma|models?|entities|repositor(y|ies)|dal|drizzle)(\/|$)/i;

/** Import paths of a project's own data layer, one import away from the database. */
export const DATA_LAYER_PATH =
  /(^|\/|\.)(db|database|prisma|models?|entities|entity|schema|repositor(y|ies)|dal|data)(\/|\.|$)/i;

/** Names of a mail-sending handle (`transporter.sendMail`, `mailer.send`). */
export const MAIL_HANDLE_NAME =
  /(mail|mailer|transporter|smtp|sendgrid|sgMail|resend|postmark|ses)$/i;
export const MAIL_METHODS: ReadonlySet<string> = new Set([
  "sendMail",
  "send",
  "sendEmail",
  "sendEmailWithTemplate",
  "create",
]);
