/**
 * Every tool answers --help with its usage (exit 0) and a misuse with the problem and the usage
 * (exit 2), never a stack trace.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { parseCommandLine, UsageError, type Command } from "../tools/cli";
import * as commands from "../tools/commands";

const all = Object.entries(commands as Record<string, Command<unknown>>).filter(([name]) => name.endsWith("Command"));

test.each(all)("%s: --help asks for the usage; an unknown flag is a usage error", (_name, command) => {
  expect(command.usage).toMatch(/^usage: npm run /);
  expect(parseCommandLine(command, ["--help"])).toBe("help");
  expect(parseCommandLine(command, ["-h"])).toBe("help");
  expect(() => parseCommandLine(command, ["--no-such-flag"])).toThrow(UsageError);
  expect(() => parseCommandLine(command, ["--no-such-flag"])).toThrow(command.usage);
  expect(() => parseCommandLine(command, ["stray"])).toThrow(UsageError);
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

test("an apps stack's render takes its platform's outputs; the layered benchmark takes <stacks>x<apps>", () => {
  expect(parseCommandLine(commands.renderCommand, ["--stack", "shop-staging", "--platform", "p.json"])).toEqual({
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
    expect([result.status, result.stdout, result.stderr]).toEqual([0, `${commands.policyConfigCommand.usage}\n`, ""]);
  });

  test("a misuse prints the problem and the usage on stderr and exits 2", () => {
    const result = run("--stack");
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`Option '--stack <value>' argument missing\n${commands.policyConfigCommand.usage}\n`);
  });
});
