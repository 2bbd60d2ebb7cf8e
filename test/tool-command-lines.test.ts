/**
 * Every tool answers --help with its options, their defaults and examples (exit 0), and a misuse with
 * the problem and the usage (exit 2), never a stack trace.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { noSuchStackFile } from "../tools/ci/stacks";
import { helpText, parseCommandLine, UsageError, type Command } from "../tools/cli";
import * as toolCommands from "../tools/commands";
import * as releaseCommands from "../tools/release-commands";
import * as renderCommands from "../tools/render-command";
import * as reviewCommands from "../tools/review-commands";
import { tempDir } from "./support/temp-dir";

/** Every tool's command line, wherever its table lives. */
const commands = { ...toolCommands, ...releaseCommands, ...renderCommands, ...reviewCommands };
const all = Object.entries(commands as unknown as Record<string, Command<unknown>>).filter(([name]) =>
  name.endsWith("Command"),
);

test.each(all)("%s: --help asks for the usage; an unknown flag is a usage error", (_name, command) => {
  expect(command.usage).toMatch(/^usage: npm run /);
  expect(parseCommandLine(command, ["--help"])).toBe("help");
  expect(parseCommandLine(command, ["-h"])).toBe("help");
  expect(() => parseCommandLine(command, ["--no-such-flag"])).toThrow(UsageError);
  expect(() => parseCommandLine(command, ["--no-such-flag"])).toThrow(command.usage);
  expect(() => parseCommandLine(command, ["stray"])).toThrow(UsageError);
});

/** What a user pastes after `npm run <script>`, as the tool receives it. */
const argvOf = (example: string, script: string) => {
  // A second ` -- ` (a command for the tool to run) stays: the parser ends the flags there.
  const [prefix, ...rest] = example.split(" -- ");
  expect(prefix).toBe(`npm run ${script}`);
  return rest.join(" -- ").split(" ").filter(Boolean);
};

test.each(all)(
  "%s: --help lists every option the parser accepts, with defaults, and examples that parse",
  (_name, command) => {
    const help = helpText(command);
    const listed = [...help.matchAll(/^ {2}(?:-h, )?--([a-z-]+)/gm)].map((match) => match[1]);
    // Every flag the help lists is one the parser takes, and every flag the parser takes is listed.
    for (const flag of listed) {
      expect(() => parseCommandLine(command, [`--${flag}`])).not.toThrow(/unknown option/);
    }
    expect(listed.sort()).toEqual([...Object.keys(command.options), "help"].sort());
    for (const [name, option] of Object.entries(command.options)) {
      const line = help.split("\n").find((l) => l.startsWith(`  --${name} `) || l === `  --${name}`) ?? "";
      expect([name, line.length > `  --${name}`.length]).toEqual([name, true]);
      if (option.default) expect([name, line.endsWith(`(default: ${option.default})`)]).toEqual([name, true]);
    }
    expect(help).toMatch(/\nExamples?:\n {2}npm run /);
    for (const example of command.examples) {
      expect(parseCommandLine(command, argvOf(example, command.script))).not.toBe("help");
    }
  },
);

test("the render's help, as a user reads it", () => {
  const help = helpText(commands.renderCommand).split("\n");
  expect(help[0]).toBe(
    "usage: npm run render -- [--stack <name>] [--config <file>] [--out <dir>] [--platform <render dir or outputs file>] [--chart-cache <dir>] [--review <apps stack>] [--pr <n>] [--slot <n>] [--base <git ref>]",
  );
  expect(help).toContain(
    "  --base <git ref>                         copy only the apps changed since the pull request branched off <git ref> (with --review) (default: every reviewable app)",
  );
  expect(help).toContain("  npm run render -- --review shop-staging --pr 42 --slot 2 --base origin/main");
  expect(help).toContain(
    "  --out <dir>                              where the render goes; an earlier render there is the previous update (default: out/<stack>)",
  );
  expect(help).toContain("  npm run render -- --stack dev");
});

test("a mistyped option gets a did-you-mean", () => {
  expect(() => parseCommandLine(commands.renderCommand, ["--stack", "dev", "--ouput", "x"])).toThrow(
    /^unknown option --ouput \(did you mean --out\?\)\nusage: npm run render /,
  );
  expect(() => parseCommandLine(commands.rollbackCommand, ["--stack", "prod", "--write-conifg"])).toThrow(
    /^unknown option --write-conifg \(did you mean --write-config\?\)/,
  );
  expect(() => parseCommandLine(commands.renderCommand, ["--zzzzzz"])).toThrow(/^unknown option --zzzzzz\nusage: /);
});

test("flags npm took for itself (no -- after the script) get a hint to put them after --", () => {
  // `npm run render --stack dev`: npm sets npm_config_stack and passes only `dev` on.
  const npm = { npm_lifecycle_event: "render", npm_config_stack: "true", npm_config_yes: "" };
  expect(() => parseCommandLine(commands.renderCommand, ["dev"], npm)).toThrow(
    /^Unexpected argument 'dev'.*\nnpm took --stack for itself: put the tool's options after --, e.g. npm run render -- --stack dev\nusage: /,
  );
  // `npm run rollback --stack=prod`: nothing reaches the tool.
  const rollback = { npm_lifecycle_event: "rollback", npm_config_stack: "prod" };
  expect(() => parseCommandLine(commands.rollbackCommand, [], rollback)).toThrow(
    /^--stack is required\nnpm took --stack for itself/,
  );
  // Outside npm, or with the flags after --, no hint.
  expect(() => parseCommandLine(commands.renderCommand, ["dev"], {})).toThrow(
    /^Unexpected argument 'dev'[^\n]*\nusage: /,
  );
});

test("--stack takes a stack file's name for the stack's", () => {
  // What a shell completes: Pulumi.dev.yaml, or a path to it; never Pulumi.Pulumi.dev.yaml.yaml.
  expect(parseCommandLine(commands.renderCommand, ["--stack", "Pulumi.dev.yaml"])).toMatchObject({
    stack: "dev",
    config: "Pulumi.dev.yaml",
    out: "out/dev",
  });
  expect(parseCommandLine(commands.renderCommand, ["--stack", "./Pulumi.shop-staging.yml"])).toMatchObject({
    stack: "shop-staging",
    config: "./Pulumi.shop-staging.yml",
  });
  expect(parseCommandLine(commands.releasesCommand, ["--stack", "Pulumi.prod.yaml"])).toEqual({ stack: "prod" });
  expect(parseCommandLine(commands.policyConfigCommand, ["--stack", "Pulumi.prod.yaml"])).toBe("prod");
});

test("a --stack no Pulumi stack can have is refused before it names a file or folder, by every tool", () => {
  const tools: Array<[Command<unknown>, string[]]> = [
    [commands.renderCommand, []],
    [commands.releasesCommand, []],
    [commands.rollbackCommand, []],
    [commands.doraCommand, []],
    [commands.reportCommand, []],
    [commands.policyConfigCommand, []],
    [commands.releaseCommand, ["promote", "--app", "shop"]],
  ];
  for (const [command, rest] of tools) {
    expect(() => parseCommandLine(command, [...rest, "--stack", "../prod"])).toThrow(
      /^--stack \.\.\/prod: expected a Pulumi stack name: a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character "\/" at position 2\nusage: /,
    );
    expect(() => parseCommandLine(command, [...rest, "--stack", ".."])).toThrow(
      /^--stack \.\.: expected a stack name of at most 63 letters/,
    );
  }
});

test("a stack with no stack file is answered with the stacks there are", () => {
  const dir = tempDir("slipway-stacks-");
  for (const stack of ["prod", "dev"]) writeFileSync(join(dir, `Pulumi.${stack}.yaml`), "config: {}\n");
  writeFileSync(join(dir, "Pulumi.yaml"), "name: slipway\n");
  expect(noSuchStackFile("Pulumi.dve.yaml", dir)).toBe(
    "Pulumi.dve.yaml: no such stack file; the stacks here are dev, prod (npm run render -- --stack <name>, or --config <file>)",
  );
  expect(noSuchStackFile("Pulumi.dev.yaml", tempDir("slipway-empty-"))).toMatch(
    /^Pulumi.dev.yaml: no such stack file; there is no Pulumi.<stack>.yaml here/,
  );
});

test("commands that need --stack say so", () => {
  const needStack: Array<Command<unknown>> = [
    commands.renderCommand,
    commands.policyConfigCommand,
    commands.releasesCommand,
    commands.doraCommand,
    commands.reportCommand,
  ];
  for (const command of needStack) {
    expect(() => parseCommandLine(command, [])).toThrow(/^--stack is required\nusage: /);
  }
  expect(() => parseCommandLine(commands.affectedStacksCommand, [])).toThrow(/--base or --all is required/);
  expect(() => parseCommandLine(commands.benchCommand, ["--repeat", "0"])).toThrow(/--repeat 0: expected/);
  expect(() => parseCommandLine(commands.doraCommand, ["--stack", "prod", "--since", "1.5"])).toThrow(
    /--since 1.5: expected/,
  );
  expect(parseCommandLine(commands.doraCommand, ["--stack", "prod"])).toEqual({
    stack: "prod",
    historyFile: undefined,
    gitDir: ".",
    sinceDays: 90,
    json: false,
  });
  expect(parseCommandLine(commands.reportCommand, ["--stack", "prod"])).toEqual({
    stack: "prod",
    historyFile: undefined,
    renderDir: "out/prod",
    outDir: "out/prod",
    screenshot: undefined,
  });
  expect(() => parseCommandLine(commands.reportCommand, ["--stack", "prod", "--history="])).toThrow(
    /^--history needs a file\nusage: npm run report/,
  );
});

test("a review render copies the apps changed since --base, or every reviewable app without it", () => {
  const review = (...args: string[]) => parseCommandLine(commands.renderCommand, ["--review", "shop-staging", ...args]);
  expect(review("--pr", "42", "--base", "origin/main")).toEqual({
    chartCache: ".cache/charts",
    stack: "shop-staging-pr-42",
    config: "Pulumi.shop-staging.yaml",
    out: "out/shop-staging-pr-42",
    platform: undefined,
    review: { source: "shop-staging", pr: 42, slot: 1, base: "origin/main" },
  });
  expect(review("--pr", "42", "--slot", "2")).toMatchObject({ review: { source: "shop-staging", pr: 42, slot: 2 } });
  expect(review("--pr", "42")).not.toHaveProperty("review.base");
  expect(() => parseCommandLine(commands.renderCommand, ["--stack", "dev", "--base", "main"])).toThrow(
    /^--pr, --slot and --base go with --review/,
  );
});

test("an apps stack's render takes its platform's outputs; the layered benchmark takes <stacks>x<apps>", () => {
  expect(parseCommandLine(commands.renderCommand, ["--stack", "shop-staging", "--platform", "p.json"])).toEqual({
    chartCache: ".cache/charts",
    stack: "shop-staging",
    config: "Pulumi.shop-staging.yaml",
    out: "out/shop-staging",
    platform: "p.json",
  });
  expect(parseCommandLine(commands.benchCommand, ["--layers", "20x25"])).toMatchObject({
    layers: { stacks: 20, apps: 25 },
    repeat: 3,
  });
  expect(() => parseCommandLine(commands.benchCommand, ["--layers", "20"])).toThrow(
    /--layers 20: expected <apps stacks>x<apps each>, e.g. 20x25/,
  );
});

describe("a built tool run as npm runs it", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["tools/run.mjs", "ci/policy-config", ...args], { encoding: "utf8" });
  beforeAll(() => execFileSync(process.execPath, ["tools/build.mjs"]));

  test("--help prints the usage on stdout and exits 0", () => {
    const result = run("--help");
    expect([result.status, result.stdout, result.stderr]).toEqual([
      0,
      `${helpText(commands.policyConfigCommand)}\n`,
      "",
    ]);
  });

  test("a misuse prints the problem and the usage on stderr and exits 2", () => {
    const result = run("--stack");
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`Option '--stack <value>' argument missing\n${commands.policyConfigCommand.usage}\n`);
  });
});

test("the review tool's command line: each option with its action, and bad values named", () => {
  const parse = (args: string) => parseCommandLine(reviewCommands.reviewCommand, args.split(" "));
  expect(parse("up --source shop-staging --pr 42 --base main")).toEqual({
    action: "up",
    source: "shop-staging",
    pr: 42,
    base: "main",
    comment: undefined,
    policy: { pack: undefined, config: undefined },
  });
  expect(parse("sweep")).toEqual({ action: "sweep", source: undefined, now: undefined });
  expect(() => parse("up --source shop-staging --pr 42")).toThrow("--base is required");
  expect(() => parse("destroy --source shop-staging --pr 42 --base main")).toThrow("--base goes with up, not destroy");
  expect(() => parse("destroy --source shop-staging --pr 0")).toThrow("--pr 0: expected a positive whole number");
  expect(() => parse("sweep --now yesterday")).toThrow("--now yesterday: expected an ISO 8601 time");
  expect(() => parse("up --source Bad/Name --pr 1 --base main")).toThrow(UsageError);
});
