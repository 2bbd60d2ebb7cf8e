/**
 * `npm run release`: the stack's outputs pick the Rollout and the cluster access; the plan and its
 * patches are printed; --dry-run, confirmation and refusals change nothing.
 */
import type { OutputMap } from "@pulumi/pulumi/automation";
import { ReleaseRefusal, type Rollout } from "../tools/rollout-control/actions";
import { parseCommandLine, UsageError } from "../tools/cli";
import { releaseCommand } from "../tools/release-commands";
import type { ClusterAccess } from "../tools/rollout-control/ports";
import { runRelease, type ReleaseOptions } from "../tools/rollout-control/run";
import { captureOutput, fakePrompt } from "./support/fake-stack";
import { fakeRolloutsApi, ROLLOUTS } from "./support/rollouts";

const parseReleaseArgs = (argv: string[]) => parseCommandLine(releaseCommand, argv);

const KUBECONFIG = "apiVersion: v1\nkind: Config\n# the EKS stack's kubeconfig output\n";
const EKS_OUTPUTS: OutputMap = {
  apps: { value: { shop: { namespace: "shop", workloads: ["shop-web", "shop-worker"] } }, secret: false },
  clusterName: { value: "slipway-prod", secret: false },
  kubeconfig: { value: KUBECONFIG, secret: true },
};

function setup(
  options: Partial<ReleaseOptions>,
  states: (Rollout | null)[],
  prompt = fakePrompt(false),
  outputs = EKS_OUTPUTS,
) {
  const cluster = fakeRolloutsApi(...states);
  const connected: ClusterAccess[] = [];
  let outputsRead = 0;
  const out = captureOutput();
  const run = runRelease(
    { action: "promote", stack: "prod", app: "shop", yes: false, dryRun: false, ...options },
    {
      openStack: async () => ({ outputs: async () => (outputsRead++, outputs) }),
      connect: (access) => (connected.push(access), cluster.api),
      prompt,
      out,
    },
  );
  return { run, cluster, connected, out, prompt, outputsRead: () => outputsRead };
}

describe("npm run release", () => {
  test("--yes promotes the app's web Rollout through the stack's kubeconfig, printing the patch", async () => {
    const { run, cluster, connected, out } = setup({ yes: true }, [ROLLOUTS.canaryInconclusive]);
    await expect(run).resolves.toBe("applied");
    expect(connected).toEqual([{ kubeconfig: KUBECONFIG }]);
    expect(cluster.gets).toEqual(["shop/shop-web"]);
    expect(cluster.patches).toEqual([
      {
        namespace: "shop",
        name: "shop-web",
        subresource: "status",
        patch: { status: { pauseConditions: null, controllerPause: false, currentStepIndex: 3 } },
      },
    ]);
    expect(out.text()).toBe(
      [
        'Rollout shop/shop-web (app shop, stack prod): phase Paused, "InconclusiveAnalysisRun", step 2 of 4, paused: InconclusiveAnalysisRun, analysis shop-web-7d9f8c6b5-2 Inconclusive',
        "promote resumes shop-web at step 3 of 4, with these JSON merge patches:",
        '  PATCH rollouts/shop-web/status {"status":{"pauseConditions":null,"controllerPause":false,"currentStepIndex":3}}',
        "rollout 'shop-web' promoted",
        "",
      ].join("\n"),
    );
  });

  test("a patch of spec and status goes status first, each to its own endpoint", async () => {
    const { run, cluster } = setup({ yes: true }, [ROLLOUTS.canaryPausedByUser]);
    await expect(run).resolves.toBe("applied");
    expect(cluster.patches.map((p) => [p.subresource ?? "resource", p.patch])).toEqual([
      ["status", { status: { pauseConditions: null, currentStepIndex: 3 } }],
      ["resource", { spec: { paused: false } }],
    ]);
  });

  test("--dry-run prints the patch and changes nothing, without asking", async () => {
    const prompt = fakePrompt(false);
    const { run, cluster, out } = setup({ action: "abort", dryRun: true }, [ROLLOUTS.canaryProgressing], prompt);
    await expect(run).resolves.toBe("dry-run");
    expect(out.text()).toContain(
      '  PATCH rollouts/shop-web/status {"status":{"abort":true}}\nDry run: nothing was changed.\n',
    );
    expect(cluster.patches).toEqual([]);
    expect(prompt.questions).toEqual([]);
  });

  test("without --yes and without a terminal it refuses before reading the stack", async () => {
    const { run, cluster, outputsRead } = setup({ action: "retry" }, [ROLLOUTS.canaryAborted]);
    await expect(run).rejects.toThrow(
      new ReleaseRefusal(
        "no terminal to confirm on (stdin is not a TTY), so nothing was changed: pass --yes to act without asking, or --dry-run to only see the patches",
      ),
    );
    expect(outputsRead()).toBe(0);
    expect([cluster.gets, cluster.patches]).toEqual([[], []]);
  });

  test("on a terminal it asks; no changes nothing, yes re-reads the Rollout and applies", async () => {
    const no = setup({ action: "retry" }, [ROLLOUTS.canaryAborted], fakePrompt(true, "no"));
    await expect(no.run).resolves.toBe("cancelled");
    expect(no.prompt.questions).toEqual(["retry shop/shop-web on stack prod? Type yes to continue: "]);
    expect(no.cluster.patches).toEqual([]);

    const yes = setup({ action: "retry" }, [ROLLOUTS.canaryAborted], fakePrompt(true, "y"));
    await expect(yes.run).resolves.toBe("applied");
    expect(yes.cluster.gets).toHaveLength(2);
    expect(yes.cluster.patches.map((p) => p.patch)).toEqual([{ status: { abort: false } }]);
  });

  test("a Rollout that changed while the person decided is not patched", async () => {
    // The analysis was inconclusive when shown; by the answer the controller had aborted the rollout.
    const { run, cluster } = setup({}, [ROLLOUTS.canaryInconclusive, ROLLOUTS.canaryAborted], fakePrompt(true));
    await expect(run).rejects.toThrow(/^shop-web changed while you decided \(phase Degraded, .*run the command again$/);
    expect(cluster.patches).toEqual([]);
  });

  test("refusals: unknown app, app without web, rolling app (no Rollout), wrong state", async () => {
    await expect(setup({ yes: true, app: "blog" }, [ROLLOUTS.canaryAtPause]).run).rejects.toThrow(
      new ReleaseRefusal("stack prod has no app blog deployed (its outputs list shop)"),
    );
    const workerOnly: OutputMap = {
      apps: { value: { jobs: { namespace: "jobs", workloads: ["jobs-worker"] } }, secret: false },
    };
    await expect(setup({ yes: true, app: "jobs" }, [], fakePrompt(false), workerOnly).run).rejects.toThrow(
      "app jobs on stack prod has no web process, so no Rollout to act on",
    );
    await expect(setup({ yes: true }, [null]).run).rejects.toThrow(
      "there is no Rollout shop-web in namespace shop: the app's strategy is rolling (a Deployment), or Argo Rollouts is not installed",
    );
    const healthy = setup({ yes: true, action: "abort" }, [ROLLOUTS.canaryHealthy]);
    await expect(healthy.run).rejects.toThrow(/^shop-web has no update in progress/);
    expect(healthy.cluster.patches).toEqual([]);
  });

  test("a stack on an existing cluster is reached through the local kubeconfig's context", async () => {
    const existing: OutputMap = {
      apps: EKS_OUTPUTS.apps,
      clusterName: { value: "kind-slipway", secret: false },
      kubeconfig: { value: undefined, secret: false },
    };
    const { run, connected } = setup({ dryRun: true }, [ROLLOUTS.blueGreenAwaiting], fakePrompt(false), existing);
    await expect(run).resolves.toBe("dry-run");
    expect(connected).toEqual([{ localContext: "kind-slipway" }]);
  });
});

describe("release command line", () => {
  test("one action, --stack and --app required", () => {
    expect(parseReleaseArgs(["abort", "--stack", "prod", "--app", "shop", "--dry-run"])).toEqual({
      action: "abort",
      stack: "prod",
      app: "shop",
      yes: false,
      dryRun: true,
    });
    expect(parseReleaseArgs(["--stack=dev", "--app=shop", "--yes", "promote"])).toMatchObject({
      action: "promote",
      yes: true,
    });
    expect(() => parseReleaseArgs(["--stack", "prod", "--app", "shop"])).toThrow(
      /^expected one action, promote, abort or retry; got none\nusage: npm run release -- promote\|abort\|retry/,
    );
    expect(() => parseReleaseArgs(["undo", "--stack", "prod", "--app", "shop"])).toThrow(/got undo\n/);
    expect(() => parseReleaseArgs(["promote", "abort", "--stack", "prod", "--app", "shop"])).toThrow(UsageError);
    expect(() => parseReleaseArgs(["promote", "--stack", "prod"])).toThrow(/^--app is required\n/);
    expect(() => parseReleaseArgs(["promote", "--stack", "prod", "--app", "shop", "--full"])).toThrow(UsageError);
  });
});
