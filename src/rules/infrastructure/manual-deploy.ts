import { z } from "zod";
import { defineRule, type Report } from "../../engine/index.ts";
import { MANIFEST_FACT, manifestsOf } from "../collectors/manifest-fact.ts";
import { ciCommands, ciSystemOf, groovyLines, type Command } from "./ci.ts";
import { isManifestPath, NOT_PRODUCT_DIR } from "./service.ts";

const HOST = "[\\w.${}-]+";
const GIT_HOST =
  /git@(github\.com|gitlab\.com|bitbucket\.org|ssh\.dev\.azure\.com|vs-ssh\.visualstudio\.com)/;

/** Commands that reach onto a server: ssh to user@host, scp/rsync to host:path, ssh deploy actions, pm2 deploy, FTP uploads. */
const REMOTE = new RegExp(
  [
    String.raw`\bssh(pass\s+(-\S+\s+)*ssh)?\s+(-\S+\s+([^-\s]\S*\s+)?)*${HOST}@${HOST}`,
    String.raw`\b(scp|rsync)\s[^\n;&|]*?\s(${HOST}@)?${HOST}:[~/$\w]`,
    String.raw`\brsync\s[^\n;&|]*?rsync://`,
    String.raw`\bpm2\s+deploy\b`,
    String.raw`\b(lftp|ncftpput)\s`,
    String.raw`appleboy/(ssh|scp)-action|easingthemes/ssh-deploy|burnett01/rsync-deployments|garygrossgarten/github-action-ssh|SamKirkland/FTP-Deploy-Action|wlixcc/SFTP-Deploy-Action|AEnterprise/rsync-deploy`,
  ].join("|"),
);

const SCRIPT_FILE =
  /\.(sh|bash|zsh)$|(^|\/)(Makefile|makefile|GNUmakefile|[\w.-]*\.mk)$|(^|\/)(deploy|scripts|bin|ops)\/[^/.]+$|(^|\/)deploy[^/]*$/;

/** The first command line that reaches a server, with its line, or undefined. */
export function remoteCommand(
  commands: readonly Command[],
): { line: number; command: string; count: number } | undefined {
  let first: { line: number; command: string } | undefined;
  let count = 0;
  for (const command of commands) {
    const lines = command.text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      const match = REMOTE.exec(text);
      if (!match || GIT_HOST.test(match[0])) continue;
      count++;
      first ??= {
        line: command.line + i + (command.block ? 1 : 0),
        command: text.trim().slice(0, 100),
      };
    }
  }
  return first && { ...first, count };
}

function remoteReport(hit: NonNullable<ReturnType<typeof remoteCommand>>): Report {
  return {
    messageId: "remote",
    data: { command: hit.command },
    startLine: hit.line,
    key: "manual-deploy",
    evidence: { remoteCommands: hit.count },
  };
}

export const manualDeploy = defineRule({
  id: "infrastructure/manual-deploy",
  category: "infrastructure",
  severity: "medium",
  remediationMinutes: 960,
  description: "Deploy scripts, package scripts or CI steps that ssh/scp/rsync onto servers.",
  rationale:
    "Deploying by copying files or running commands on named servers makes every server a snowflake: no image to roll back to, no record of what runs where, and a broken deploy is fixed by hand at night.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    remote:
      "`{{command}}` deploys by reaching onto a server (ssh/scp/rsync): servers drift, and a failed deploy cannot be rolled back to a known image. Build an immutable artefact (container image) and deploy it through the platform (Kubernetes, ECS, a PaaS).",
  },
  uses: [MANIFEST_FACT],
  textFiles: (path) =>
    !NOT_PRODUCT_DIR.test(path) && (ciSystemOf(path) !== undefined || SCRIPT_FILE.test(path)),
  checkText(ctx) {
    let commands: Command[];
    if (ciSystemOf(ctx.path)) {
      try {
        commands = ciCommands(ctx.path, ctx.text);
      } catch {
        commands = groovyLines(ctx.text, true);
      }
    } else commands = groovyLines(ctx.text, true);
    const hit = remoteCommand(commands);
    if (hit) ctx.report(remoteReport(hit));
  },
  analyze(ctx) {
    // Package scripts, each at the line of its name, from the manifests collector.
    for (const { path, fact } of manifestsOf(ctx)) {
      if (!isManifestPath(path)) continue;
      const hit = remoteCommand(
        Object.entries(fact.scripts).map(([name, text]) => ({
          text,
          line: fact.scriptLines[name] ?? 1,
        })),
      );
      if (hit) ctx.report({ ...remoteReport(hit), path });
    }
  },
});
