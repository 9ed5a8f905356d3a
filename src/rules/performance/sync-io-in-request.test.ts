import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "performance/sync-io-in-request";

describe(id, () => {
  it("fires on sync fs, crypto and child_process in handlers and in the functions they call", async () => {
    const found = hits(id, {
      "server.js": `const express = require("express");
const fs = require("fs");
const { execSync } = require("child_process");
const crypto = require("node:crypto");
const app = express();
function loadTemplate(name) { return fs.readFileSync("views/" + name); }
app.get("/page", (req, res) => res.send(loadTemplate("page.html")));
app.post("/hash", (req, res) => res.send(crypto.pbkdf2Sync(req.body.p, "s", 1e5, 64, "sha512")));
app.get("/version", (req, res) => res.send(execSync("git rev-parse HEAD")));
`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "server.js:6",
      "server.js:8",
      "server.js:9",
    ]);
    expect(found[0]!.message).toBe(
      "fs.readFileSync blocks the event loop inside the Express handler GET /page: every other request waits. Use the asynchronous form (fs.promises.readFile) and await it.",
    );
  });
  it("does not fire at start-up, on the async forms, or on a look-alike method", async () => {
    expect(
      places(id, {
        "server.ts": `import express from "express";
import { readFileSync, promises } from "node:fs";
const config = readFileSync("config.json", "utf8");
const app = express();
app.get("/a", async (req, res) => res.send(await promises.readFile("a.txt")));
app.get("/b", (req, res) => res.send(cache.getSync("b") + config));
`,
      }),
    ).toEqual([]);
  });
});
