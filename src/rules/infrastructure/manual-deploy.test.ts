import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { manualDeploy } from "./manual-deploy.ts";
import { locations } from "../../../test/support/rule-tester.ts";
import { service } from "../../../test/support/manifests.ts";

describe("infrastructure/manual-deploy", () => {
  it("fires on a deploy script that rsyncs and restarts over ssh, at the first such line", () => {
    const script =
      "#!/bin/sh\nset -e\nnpm run build\nrsync -avz --delete dist/ deploy@app1.example.org:/srv/api\nssh deploy@app1.example.org 'pm2 restart api'\n";
    const [finding, ...rest] = runRule(manualDeploy, { "scripts/deploy.sh": script });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      path: "scripts/deploy.sh",
      startLine: 4,
      endLine: 4,
      evidence: { remoteCommands: 2 },
    });
    expect(finding!.message).toMatch(
      /^`rsync -avz --delete dist\/ deploy@app1.example.org:\/srv\/api` deploys by reaching onto a server/,
    );
  });
  it("fires on a package.json deploy script, at the script's line", () => {
    const pkg = service({
      scripts: { start: "node s.js", deploy: "scp -r dist ubuntu@10.0.0.5:/var/www" },
    });
    expect(locations(manualDeploy, { "package.json": pkg })).toEqual(["package.json:6-6"]);
  });
  it("fires on a CI step inside a block scalar and on an ssh deploy action", () => {
    const workflow =
      "on: push\njobs:\n  deploy:\n    steps:\n      - run: |\n          npm ci\n          scp -r build/ $USER@$HOST:/srv/app\n";
    expect(locations(manualDeploy, { ".github/workflows/deploy.yml": workflow })).toEqual([
      ".github/workflows/deploy.yml:7-7",
    ]);
    const action =
      "jobs:\n  d:\n    steps:\n      - uses: appleboy/ssh-action@v1\n        with:\n          script: cd /srv && git pull\n";
    expect(locations(manualDeploy, { ".github/workflows/cd.yml": action })).toEqual([
      ".github/workflows/cd.yml:4-4",
    ]);
  });
  it("does not fire on git over ssh, key setup or local rsync", () => {
    const script =
      "#!/bin/sh\nssh-keyscan github.com >> ~/.ssh/known_hosts\nssh -T git@github.com\ngit clone git@github.com:acme/api.git\nrsync -a public/ dist/public/\n";
    expect(locations(manualDeploy, { "scripts/setup.sh": script })).toEqual([]);
  });
  it("does not fire on commented-out commands or on files that are not scripts", () => {
    expect(
      locations(manualDeploy, {
        "deploy.sh": "# rsync -avz dist/ deploy@host:/srv\nkubectl apply -f k8s/\n",
      }),
    ).toEqual([]);
    expect(
      locations(manualDeploy, { "docs/deploy.md": "rsync -avz dist/ deploy@host:/srv" }),
    ).toEqual([]);
  });
  it("does not fire on a CI step name that mentions ssh", () => {
    const workflow =
      "jobs:\n  d:\n    steps:\n      - name: ssh deploy@host is gone, we use ECS now\n        run: aws ecs update-service --cluster c --service api --force-new-deployment\n";
    expect(locations(manualDeploy, { ".github/workflows/deploy.yml": workflow })).toEqual([]);
  });
});
