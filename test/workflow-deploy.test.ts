/**
 * The deploy order docs/deploying.md promises, as deploy.yml, deploy-wave.yml and deploy-stack.yml encode it:
 * environments in order, prod behind its approval, waves in order, platforms before their apps, one
 * rolled-back update per stack at a time, and a plan from affected-stacks that the expressions can read.
 */
import { TIERS } from "../config/tiers";
import { deployPlan, MAX_WAVES } from "../tools/ci/deploy-plan";
import type { CiStack } from "../tools/ci/layers";
import { workflow } from "./support/workflows";

const deploy = workflow("deploy.yml");
const wave = workflow("deploy-wave.yml");
const stack = workflow("deploy-stack.yml");

/** deploy.yml's jobs in the order they must run. */
const ORDER = [
  "plan",
  ...TIERS.flatMap((environment) => [
    ...(environment === "prod" ? ["prod-approval"] : []),
    ...Array.from({ length: MAX_WAVES }, (_, i) => `${environment}-wave-${i + 1}`),
  ]),
];
const waveJobs = TIERS.flatMap((environment) =>
  Array.from({ length: MAX_WAVES }, (_, index) => ({
    environment,
    index,
    job: deploy.jobs[`${environment}-wave-${index + 1}`],
  })),
);

describe("deploy.yml", () => {
  test("on merges to main, tests, then plans the affected stacks (a manual run plans them all)", () => {
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    const plan = deploy.jobs.plan.steps!;
    const run = plan.find((s) => s.id === "plan")!.run!;
    expect(plan.findIndex((s) => s.run === "npm test")).toBeLessThan(plan.findIndex((s) => s.id === "plan"));
    expect(run).toContain('npm run --silent affected-stacks -- --base "$BEFORE" --plan');
    expect(run).toContain("npm run --silent affected-stacks -- --all --plan");
  });

  test(`environment by environment, ${MAX_WAVES} waves each, prod's only after its approval, each after the last`, () => {
    expect(Object.keys(deploy.jobs)).toEqual(ORDER);
    ORDER.slice(1).forEach((name, i) => {
      expect([name, deploy.jobs[name].needs]).toEqual([name, i === 0 ? "plan" : ["plan", ORDER[i]]]);
    });
    expect(deploy.jobs["prod-approval"].environment).toBe("prod");
    expect(deploy.jobs["prod-approval"].if).toBe(
      "${{ !failure() && !cancelled() && fromJSON(needs.plan.outputs.plan).prod.count > 0 }}",
    );
  });

  test("a wave job runs its own wave of the plan, only when it has stacks and nothing before failed", () => {
    for (const { environment, index, job } of waveJobs) {
      const entry = `fromJSON(needs.plan.outputs.plan).${environment}.waves[${index}]`;
      // A failed or cancelled earlier job stops every later one; a skipped (unaffected) one does not.
      expect(job.if).toBe(`\${{ !failure() && !cancelled() && ${entry}.count > 0 }}`);
      expect(job.uses).toBe("./.github/workflows/deploy-wave.yml");
      expect(job.with).toEqual({
        platform: `\${{ toJSON(${entry}.platform) }}`,
        apps: `\${{ toJSON(${entry}.apps) }}`,
      });
      // Nothing from the repository: the stack job reads its own environment's secrets.
      expect(job.secrets).toBeUndefined();
    }
  });

  test("every plan path the jobs read exists in the plan affected-stacks prints", () => {
    const stacks: CiStack[] = [
      { name: "plat", layer: "platform", environment: "prod", wave: 2 },
      { name: "shop", layer: "apps", environment: "prod", wave: 2, platform: "plat" },
    ];
    const plan = JSON.parse(JSON.stringify(deployPlan(stacks, ["plat", "shop"]))) as unknown;
    const paths = Object.values(deploy.jobs)
      .flatMap((job) => [job.if ?? "", ...Object.values(job.with ?? {})])
      .flatMap((text) =>
        [...text.matchAll(/fromJSON\(needs\.plan\.outputs\.plan\)((?:\.\w+|\[\d+\])+)/g)].map((m) => m[1]),
      );
    expect(paths.length).toBe(1 + 3 * waveJobs.length);
    for (const path of paths) {
      const value = [...path.matchAll(/\.(\w+)|\[(\d+)\]/g)].reduce<unknown>(
        (at, [, key, index]) => (at as Record<string, unknown>)?.[key ?? Number(index)],
        plan,
      );
      expect([path, value === undefined]).toEqual([path, false]);
    }
    expect((plan as { prod: { waves: unknown[] } }).prod.waves[1]).toEqual({
      count: 2,
      platform: ["plat"],
      apps: ["shop"],
    });
  });
});

describe("deploy-wave.yml", () => {
  test("the wave's platform stacks first, then its apps stacks, each set in parallel and never cut short", () => {
    const { platform, apps } = wave.jobs;
    expect(platform.if).toBe("inputs.platform != '[]'");
    expect(platform.strategy).toEqual({ "fail-fast": false, matrix: { stack: "${{ fromJSON(inputs.platform) }}" } });
    expect(apps.needs).toBe("platform");
    // After every platform stack succeeded, or when the change reached none of them.
    expect(apps.if).toBe("${{ !failure() && !cancelled() && inputs.apps != '[]' }}");
    expect(apps.strategy).toEqual({ "fail-fast": false, matrix: { stack: "${{ fromJSON(inputs.apps) }}" } });
    for (const job of [platform, apps]) {
      expect(job.uses).toBe("./.github/workflows/deploy-stack.yml");
      expect(job.with).toEqual({ stack: "${{ matrix.stack }}" });
      // Nothing from the repository: the stack job reads its own environment's secrets.
      expect(job.secrets).toBeUndefined();
    }
  });
});

describe("deploy-stack.yml", () => {
  const job = stack.jobs.up;
  const jobSteps = job.steps!;

  test("one update per stack at a time, never cancelled midway, as the stack's own deploy role", () => {
    expect(job.concurrency).toEqual({ group: "deploy-${{ inputs.stack }}", "cancel-in-progress": false });
    expect(job.environment).toBe("deploy-${{ inputs.stack }}");
    expect(JSON.stringify(job)).toContain("secrets.PULUMI_CONFIG_PASSPHRASE");
    const aws = jobSteps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(aws.with).toMatchObject({
      "role-to-assume": "${{ vars.AWS_ROLE_ARN }}",
      "aws-region": "${{ vars.AWS_REGION }}",
    });
  });

  test("a failed up rolls back and fails the run naming the commit", () => {
    const up = jobSteps.find((s) => s.id === "up")!;
    expect(up.with).toMatchObject({
      command: "up",
      "stack-name": "${{ inputs.stack }}",
      policyPacks: "${{ github.workspace }}/policy",
    });
    const after = jobSteps.slice(jobSteps.indexOf(up) + 1).filter((s) => !s.run?.startsWith("npm run notify"));
    expect(after.map((s) => s.if)).toEqual([
      "failure() && steps.up.outcome == 'failure'",
      "failure() && steps.up.outcome == 'failure'",
    ]);
    expect(after[0].run).toBe(
      'npm run rollback -- --stack "$STACK" --yes --policy-pack "$POLICY_PACK" --policy-pack-config "$POLICY_CONFIG"',
    );
    // The rollback's update is judged by exactly the pack and config of the failed up.
    expect(after[0].env).toMatchObject({
      POLICY_PACK: up.with?.policyPacks,
      POLICY_CONFIG: up.with?.policyPackConfigs,
    });
    expect(after[1].run).toContain("$GITHUB_SHA");
    expect(after[1].run).toContain("$GITHUB_STEP_SUMMARY");
    expect(after[1].run!.trim().endsWith("exit 1")).toBe(true);
  });

  test("the stack's webhook hears started before up and the outcome after, its URL masked and never a flag", () => {
    const webhook = jobSteps.find((s) => s.id === "webhook")!;
    const lines = webhook.run!.split("\n").map((line) => line.trim());
    const mask = lines.findIndex((line) => line === 'echo "::add-mask::$url"');
    expect(mask).toBeGreaterThan(lines.findIndex((line) => line.startsWith("url=$(pulumi config get")));
    expect(mask).toBeLessThan(lines.findIndex((line) => line.includes("$GITHUB_ENV")));
    const notifies = jobSteps.filter((s) => s.run?.startsWith("npm run notify"));
    const up = jobSteps.findIndex((s) => s.id === "up");
    expect(notifies.map((s) => jobSteps.indexOf(s) < up)).toEqual([true, false]);
    expect(jobSteps.indexOf(webhook)).toBeLessThan(jobSteps.indexOf(notifies[0]));
    for (const step of notifies) {
      expect(step["continue-on-error"]).toBe(true);
      expect(step.if).toContain("steps.webhook.outputs.enabled == 'true'");
      expect(step.run).not.toMatch(/\$url|WEBHOOK/);
    }
    expect(notifies[1].env?.EVENT).toBe("${{ steps.up.outcome == 'success' && 'succeeded' || 'failed' }}");
  });
});
