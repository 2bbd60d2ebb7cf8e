/**
 * The examples the docs show are real: every `npm run` names a script, every tool command line parses
 * with that tool's option table, and the config error the README shows is what the program prints.
 * (The config-only release walk-through is checked in test/releases/docs-walkthrough.ts, which shares
 * a render load; the DORA table in test/dora-metrics.test.ts.)
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { notificationsAgainstPlatform } from "../config/apps-notifications-check";
import { releaseCommandSchema } from "../config/release-command";
import { parseStackConfig } from "../config/stack";
import { readStackFile } from "../tools/harness/stack-file";
import { parseCommandLine, type Command } from "../tools/cli";
import * as toolCommands from "../tools/commands";
import * as releaseCommands from "../tools/release-commands";
import * as renderCommands from "../tools/render-command";
import * as reviewCommands from "../tools/review-commands";
import { commandLines, DOC_PAGES, fencedBlockAfter } from "./support/docs";
import { rejected, webApp } from "./support/stack";

const scripts = Object.keys(JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>);
const tools = new Map(
  Object.values({ ...toolCommands, ...releaseCommands, ...renderCommands, ...reviewCommands } as unknown as Record<
    string,
    Command<unknown>
  >)
    .filter((command) => typeof command === "object" && "script" in command)
    .map((command) => [command.script.replace(/^--silent /, ""), command]),
);

/** A placeholder stands for a value a user types: the docs' `<version>` is a version, and so on. */
const SAMPLES: Record<string, string> = { version: "v12", days: "14", sha256: "0".repeat(64) };
function argvOf(args: string[]): string[] {
  return args
    .join(" ")
    .replace(/\\\|\S*/g, "") // `dev\|prod\|local` in a table: the first
    .replace(/[[\]]/g, "")
    .replace(/<([^>]*)>/g, (_, name: string) => SAMPLES[name] ?? "x")
    .split(/\s+/)
    .filter(Boolean);
}

const lines = DOC_PAGES.flatMap((page) => commandLines(page).map((command) => ({ page, ...command })));

test("the docs spell out npm scripts that exist", () => {
  expect(lines.length).toBeGreaterThan(40);
  for (const { page, script, line } of lines)
    expect([page, line, scripts.includes(script)]).toEqual([page, line, true]);
});

test("every tool command line in the docs is one the tool accepts", () => {
  const checked = lines.filter(({ script, args }) => tools.has(script) && args.length > 0 && !args.includes("…"));
  expect(checked.length).toBeGreaterThan(25);
  for (const { page, line, script, args } of checked) {
    let problem = "";
    try {
      parseCommandLine(tools.get(script)!, argvOf(args));
    } catch (error) {
      problem = (error as Error).message;
    }
    expect([page, line, problem]).toEqual([page, line, ""]);
  }
});

test("the config error README.md and docs/stack-config.md show is the program's, word for word", async () => {
  const { messages } = await rejected({ environment: "dev", apps: { web: webApp({ replicas: "two", replcas: 2 }) } });
  const printed = [`Invalid stack config (${messages.length} problems):`, ...messages.map((m) => `  ${m}`)];
  expect(fencedBlockAfter("README.md", "A mistake in a stack file")).toEqual(printed);
  expect(fencedBlockAfter("docs/stack-config.md", "every problem at once")).toEqual(printed);
});

describe("docs/releases.md's release phase and notifications", () => {
  const release = () =>
    parse(fencedBlockAfter("docs/releases.md", "phase): typically migrations").join("\n"))["slipway:apps"].storefront
      .release;
  const notifications = () =>
    parse(
      fencedBlockAfter("docs/releases.md", "`pulumi config set --secret --path 'slipway:secrets.storefront").join("\n"),
    );

  test("the release phase shown is dev's storefront's, as Pulumi.dev.yaml sets it, with the default `on` spelled out", () => {
    const dev = JSON.parse(readStackFile("Pulumi.dev.yaml", "dev").config["slipway:apps"]);
    const { on, ...shown } = release();
    expect(shown).toEqual(dev.storefront.release);
    expect(on).toEqual(releaseCommandSchema.parse({ command: ["bin/migrate"] }).on);
  });

  test("both examples are config a stack is accepted with", () => {
    const shown = notifications();
    const raw = {
      environment: "dev",
      apps: { storefront: webApp({ strategy: { type: "blueGreen" }, release: release() }) },
      platform: shown["slipway:platform"],
      notifications: shown["slipway:notifications"],
      secrets: { storefront: { SLACK_WEBHOOK_URL: "https://hooks.slack.example/services/T/B/x" } },
    };
    expect(parseStackConfig(raw)).toMatchObject({ ok: true });
  });

  test("the refusal docs/runbooks.md shows for an apps stack whose platform does not notify is the program's", () => {
    const webhook = { webhook: "storefront.SLACK_WEBHOOK_URL", events: ["started" as const] };
    const [problem] = notificationsAgainstPlatform(webhook, {}, "platform-staging");
    expect(fencedBlockAfter("docs/runbooks.md", "An apps stack whose platform lacks it")).toEqual([
      `${problem.key}: ${problem.message}`,
    ]);
  });
});

describe("docs/runbooks.md's scheduled processes, one-off runs and promotion", () => {
  // oxlint-disable-next-line typescript/no-require-imports -- a part is required inside its describe
  require("./docs-examples/runbooks");
});
