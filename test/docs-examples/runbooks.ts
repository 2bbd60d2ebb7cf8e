/**
 * docs/runbooks.md's entries for scheduled processes, one-off runs and promotion quote what the code
 * prints: the schedule's defaults are the schema's, the Kubernetes behaviour is what the pinned
 * @pulumi/kubernetes's batch/v1 types say, and each refusal line is the tool's own, its prefix read
 * from the built tool run as npm runs it (with a stand-in `pulumi` that only answers `version`).
 */
import { spawn } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OutputMap, UpdateSummary } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { scheduleSchema } from "../../config/schedule";
import { jobsApi } from "../../tools/one-off-run/kube-api";
import { oneOffJob } from "../../tools/one-off-run/job";
import { runOneOff } from "../../tools/one-off-run/run";
import { oneOffTarget } from "../../tools/one-off-run/target";
import { chooseRelease } from "../../tools/promotion/choose";
import { appInStackFile } from "../../tools/promotion/stack-edit";
import { oneOffCommand } from "../../tools/release-commands";
import { fencedBlockAfter } from "../support/docs";
import { captureOutput, fakePrompt } from "../support/fake-stack";
import { loadHistory } from "../support/history";
import { tempDir } from "../support/temp-dir";

const PAGE = "docs/runbooks.md";
const ROOT = join(__dirname, "..", "..");

/** What the built tool prints on stderr, run with `PATH` starting at `bin`. */
function toolStderr(bin: string, args: string[], pathRest = true): Promise<string> {
  const PATH = pathRest ? `${bin}:${process.env.PATH}` : bin;
  const child = spawn(process.execPath, [join(ROOT, "tools/run.mjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, PATH },
    stdio: ["pipe", "ignore", "pipe"],
  });
  child.stdin.end();
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", () => resolve(stderr.trim())));
}

let printed: { runRefused: string; runFailed: string; promoteRefused: string };
beforeAll(async () => {
  const bin = tempDir("slipway-fake-pulumi-");
  writeFileSync(join(bin, "pulumi"), "#!/bin/sh\necho v3.200.0\n");
  chmodSync(join(bin, "pulumi"), 0o755);
  const run = ["one-off", "--stack", "prod", "--app", "shop", "--", "bin/x"];
  const [runRefused, runFailed, promoteRefused] = await Promise.all([
    toolStderr(bin, run),
    toolStderr(tempDir("slipway-no-pulumi-"), run, false),
    toolStderr(bin, ["promote", "--from", "dev", "--to", "prod", "--app", "storefront"]),
  ]);
  printed = { runRefused, runFailed, promoteRefused };
});
const prefixOf = (line: string, reason: string) => line.slice(0, line.indexOf(reason));
const messageOf = (attempt: () => unknown) => {
  try {
    attempt();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
};

test("the schedule a process gets from `cron` alone is the schema's", () => {
  const shown = parse(fencedBlockAfter(PAGE, "`<app>-<process>` in namespace").join("\n")).schedule;
  expect(shown).toEqual(scheduleSchema.parse({ cron: shown.cron }));
});

test("the Kubernetes behaviour quoted is what the pinned @pulumi/kubernetes's batch/v1 types document", () => {
  const text = readFileSync(PAGE, "utf8");
  const types = readFileSync(require.resolve("@pulumi/kubernetes/types/output.d.ts"), "utf8").replace(/\s+/g, " ");
  const { version } = JSON.parse(readFileSync(require.resolve("@pulumi/kubernetes/package.json"), "utf8"));
  expect(text).toContain(`(@pulumi/kubernetes ${version as string},`);
  const quotes = [...text.matchAll(/^> \*\*(\w+)\*\*: (.+)$/gm)];
  expect(quotes.map((q) => q[1])).toEqual(expect.arrayContaining(["concurrencyPolicy", "ttlSecondsAfterFinished"]));
  for (const [, field, quote] of quotes) expect([field, types.includes(quote)]).toEqual([field, true]);
});

describe("a one-off run", () => {
  const image = `ghcr.io/acme/shop@sha256:${"a".repeat(64)}`;
  const current = {
    config: { name: "shop-config-2222222222", resource: "c" },
    secret: { name: "shop-secrets-3333333333", resource: "s" },
    image,
    version: "1.4.2",
  };
  const outputs: OutputMap = {
    apps: { value: { shop: { namespace: "shop", workloads: ["shop-web", "shop-worker"] } }, secret: false },
    releaseHistory: { value: { shop: [current] }, secret: false },
    clusterName: { value: "kind-slipway", secret: false },
  };
  const template = { spec: { containers: [{ name: "web" }] } };
  const pods = (reason: string) => ({
    items: [
      { metadata: { name: "p" }, status: { containerStatuses: [{ name: "web", state: { waiting: { reason } } }] } },
    ],
  });

  async function run(dryRun: boolean) {
    const out = captureOutput();
    const code = await runOneOff(
      {
        ...oneOffCommand.read({ stack: "prod", app: "shop" }, ["bin/rails", "db:migrate:status"]),
        yes: true,
        dryRun,
      },
      {
        openStack: async () => ({ outputs: async () => outputs }),
        connect: () => ({
          podTemplate: async () => template,
          createJob: async () => undefined,
          startedPod: async () => "pod",
          followLog: async () => undefined,
          exitCode: async () => 3,
        }),
        prompt: fakePrompt(false),
        out,
        runId: () => "4f2a9c",
      },
    );
    return { code, lines: out.text().trimEnd().split("\n") };
  }

  test("its dry run's plan and a run's last line are the tool's", async () => {
    const dry = await run(true);
    expect(dry.lines.slice(0, 4)).toEqual(fencedBlockAfter(PAGE, "the Job and `Dry run: nothing was started.`"));
    expect(dry.lines.at(-1)).toBe("Dry run: nothing was started.");
    const real = await run(false);
    expect([real.code, real.lines.at(-1)]).toEqual([3, "shop-run-4f2a9c exited with code 3"]);
    expect(readFileSync(PAGE, "utf8")).toContain("`shop-run-4f2a9c exited with code 3`");
  });

  test("each refusal and failure shown is the tool's, word for word", async () => {
    const refused = prefixOf(printed.runRefused, "no terminal");
    const failed = prefixOf(printed.runFailed, "the Pulumi CLI was not found");
    expect([refused, failed]).toEqual(["run refused: ", "run failed: "]);
    const byTag = { ...outputs, releaseHistory: { value: { shop: [{ config: current.config }] }, secret: false } };
    const requests = { json: async () => pods("ImagePullBackOff"), stream: async () => undefined };
    const cannotStart = await jobsApi(requests)
      .startedPod("shop", "shop-run-4f2a9c")
      .catch((error: Error) => error.message);
    expect(fencedBlockAfter(PAGE, "never ran or could not be followed")).toEqual([
      printed.runRefused,
      refused + messageOf(() => oneOffTarget(outputs, "prod", "blog", "web")),
      refused + messageOf(() => oneOffTarget(outputs, "prod", "shop", "clock")),
      refused + messageOf(() => oneOffTarget(byTag, "prod", "shop", "web")),
      failed + cannotStart,
    ]);
  });

  test("the TTL default, and the label that finds leftover runs, are the tool's", () => {
    const text = readFileSync(PAGE, "utf8");
    expect(text).toContain(`\`--ttl\` seconds after it ends (default\n   ${oneOffCommand.options.ttl.default}`);
    const job = oneOffJob(template, current, {
      app: "shop",
      process: "web",
      namespace: "shop",
      runId: "4f2a9c",
      command: ["x"],
      ttlSeconds: 600,
    });
    expect(job.metadata.labels).toHaveProperty(["slipway.dev/one-off"]);
    expect(text).toContain("`kubectl get jobs -n <app> -l slipway.dev/one-off`");
  });
});

test("each promotion refusal shown is the tool's, word for word", () => {
  const history = loadHistory("history-prod.json");
  const recorded = {
    storefront: [
      {
        config: { name: "c", resource: "c" },
        image: `ghcr.io/acme/storefront@sha256:${"c".repeat(64)}`,
        version: "1.5.1",
      },
    ],
  };
  const on = (version: number, more: Partial<UpdateSummary>) => [
    { ...history.find((u) => u.version === 12)!, version, ...more },
    ...history,
  ];
  const built = history.map((u) => {
    const apps = JSON.parse(JSON.stringify(u.config["slipway:apps"])) as { objectValue: Record<string, object> };
    apps.objectValue.storefront = { build: { context: "./apps/storefront" } };
    return { ...u, config: { ...u.config, "slipway:apps": apps } } as unknown as UpdateSummary;
  });
  const refused = prefixOf(printed.promoteRefused, "no terminal");
  expect(refused).toBe("promote refused: ");
  const choose = (updates: UpdateSummary[], records: object, release?: number) =>
    refused + messageOf(() => chooseRelease("dev", "storefront", updates, records as typeof recorded, release));
  expect(fencedBlockAfter(PAGE, "the first three):")).toEqual([
    choose(history, recorded, 13),
    choose(on(16, { message: "deploy", result: "in-progress" }), recorded, 16),
    choose(on(16, { message: "rollback to v12 (commit a1b2c3d)" }), recorded, 14),
    choose(history, {}, 14),
    choose(built, recorded, 14),
    printed.promoteRefused,
  ]);
  const noApp = messageOf(() => appInStackFile("config: {}\n", "prod", "storefront"));
  expect(noApp).toMatch(/^stack prod defines no app storefront in slipway:apps/);
  expect(readFileSync(PAGE, "utf8")).toContain("(`stack prod defines no app storefront in slipway:apps`)");
});
