/** The CI files `debtlens init` writes for the gate, where it knows the CI system. */
export interface WorkflowFile {
  path: string;
  text: string;
  /** What the user still has to do, if anything. */
  next?: string;
}

const GITHUB = `# Written by debtlens init: the debt gate on every pull request (docs: docs/gate.md).
name: debt
on:
  pull_request:
permissions:
  contents: read
  pull-requests: write # the verdict as a comment
jobs:
  debtlens:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the gate reads the base commit and the history
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm install --global debtlens
      - name: Gate
        run: debtlens gate --base origin/\${{ github.base_ref }} --format markdown --output debtlens-gate.md
      - name: Comment the verdict
        if: always()
        env:
          GH_TOKEN: \${{ github.token }}
        run: gh pr comment \${{ github.event.pull_request.number }} --body-file debtlens-gate.md --edit-last || gh pr comment \${{ github.event.pull_request.number }} --body-file debtlens-gate.md
`;

const GITLAB = `# Written by debtlens init: the debt gate on every merge request (docs: docs/gate.md).
# Include it from .gitlab-ci.yml:  include: [{ local: .gitlab/debtlens.yml }]
debtlens-gate:
  image: node:24
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  variables:
    GIT_DEPTH: "0" # the gate reads the base commit and the history
  script:
    - npm install --global debtlens
    - git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - debtlens gate --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
`;

export function workflowFor(ci: readonly string[]): WorkflowFile | undefined {
  if (ci.includes("GitHub Actions"))
    return { path: ".github/workflows/debtlens.yml", text: GITHUB };
  if (ci.includes("GitLab CI"))
    return {
      path: ".gitlab/debtlens.yml",
      text: GITLAB,
      next: "include .gitlab/debtlens.yml from .gitlab-ci.yml (include: [{ local: .gitlab/debtlens.yml }])",
    };
  return undefined;
}
