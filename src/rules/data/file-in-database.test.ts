import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "data/file-in-database";

describe(id, () => {
  it("fires on uploaded files stored as base64 text columns", () => {
    const found = hits(id, {
      "src/documents/upload.ts": `import { prisma } from "../db";
export async function upload(req, res) {
  const content = req.file.buffer.toString("base64");
  const doc = await prisma.document.create({ data: { name: req.file.originalname, content } });
  res.json(doc);
}
`,
      "src/invoices/store.ts": `import { Pool } from "pg";
import { readFile } from "node:fs/promises";
const pool = new Pool();
export async function storeInvoices(files: Array<{ path: string }>) {
  const pdfs = await Promise.all(files.map(async (f) => (await readFile(f.path)).toString("base64")));
  await pool.query("INSERT INTO invoices (pdf) SELECT unnest($1::text[])", [pdfs]);
}
`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "src/documents/upload.ts:3",
      "src/invoices/store.ts:5",
    ]);
    expect(found[0]!.message).toMatch(
      /^A file is encoded as base64 here and written to the database \(prisma\.document\.create\)/,
    );
  });

  it("does not fire on base64 tokens, files sent to object storage, or encodings never stored", () => {
    expect(
      places(id, {
        "src/auth/tokens.ts": `import { randomBytes } from "node:crypto";
import { prisma } from "../db";
export async function issue(userId: string) {
  const token = randomBytes(32).toString("base64");
  await prisma.token.create({ data: { userId, token } });
}
`,
        "src/documents/s3.ts": `import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { prisma } from "../db";
export async function upload(req) {
  const key = crypto.randomUUID();
  await new S3Client({}).send(new PutObjectCommand({ Bucket: "docs", Key: key, Body: req.file.buffer }));
  await prisma.document.create({ data: { key, name: req.file.originalname } });
}
`,
        "src/images/preview.ts": `export function preview(req, res) {
  res.json({ src: "data:image/png;base64," + req.file.buffer.toString("base64") });
}
`,
      }),
    ).toEqual([]);
  });
});
