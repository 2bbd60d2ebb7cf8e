import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandLine, UsageError } from "../tools/cli";
import { releasesCommand, rollbackCommand } from "../tools/release-commands";
import { describeFailure, PulumiCliMissing, requirePulumiCli } from "../tools/release-history/automation";

const parseRollbackArgs = (argv: string[]) => parseCommandLine(rollbackCommand, argv);
const parseReleasesArgs = (argv: string[]) => parseCommandLine(releasesCommand, argv);

describe("command lines", () => {
  test("rollback flags", () => {
    expect(parseRollbackArgs(["--stack", "prod"])).toEqual({
      stack: "prod",
      to: undefined,
      preview: false,
      yes: false,
      writeConfig: false,
      policy: { pack: undefined, config: undefined },
    });
    expect(parseRollbackArgs(["--stack", "prod", "--to", "v12", "--yes", "--write-config"])).toEqual({
      stack: "prod",
      to: 12,
      preview: false,
      yes: true,
      writeConfig: true,
      policy: { pack: undefined, config: undefined },
    });
    expect(
      parseRollbackArgs(["--stack", "prod", "--policy-pack", "p", "--policy-pack-config", "p/c.json"]),
    ).toMatchObject({ policy: { pack: "p", config: "p/c.json" } });
    expect(parseRollbackArgs(["--stack=prod", "--to=7", "--preview"])).toMatchObject({ to: 7, preview: true });
  });

  test("usage errors name the problem and show the usage", () => {
    expect(() => parseRollbackArgs([])).toThrow(
      new UsageError(
        "--stack is required\nusage: npm run rollback -- --stack <name> [--to <version>] [--preview] [--yes] [--write-config] [--policy-pack <dir>] [--policy-pack-config <file>]",
      ),
    );
    expect(() => parseRollbackArgs(["--stack", "prod", "--to", "latest"])).toThrow(
      /^--to latest: expected a version such as v12 or 12\nusage:/,
    );
    expect(() => parseRollbackArgs(["--stack", "prod", "--preview", "--write-config"])).toThrow(
      /^--write-config needs a rollback/,
    );
    expect(() => parseRollbackArgs(["--stack", "prod", "--force"])).toThrow(UsageError);
    expect(() => parseReleasesArgs(["--stack"])).toThrow(UsageError);
    expect(parseReleasesArgs(["--stack", "dev"])).toEqual({ stack: "dev" });
  });
});

describe("the Automation API layer", () => {
  test("a missing Pulumi CLI is a clear error, not a spawn trace", async () => {
    const empty = mkdtempSync(join(tmpdir(), "slipway-no-cli-"));
    try {
      const attempt = requirePulumiCli({ root: empty });
      await expect(attempt).rejects.toBeInstanceOf(PulumiCliMissing);
      await expect(attempt).rejects.toThrow(/^the Pulumi CLI was not found \(`pulumi` is not on PATH\)/);
      const error = await attempt.catch((e: unknown) => e);
      expect(describeFailure(error, "prod")).toBe((error as Error).message);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
