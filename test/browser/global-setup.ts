/**
 * Renders once for every browser test: the committed prod stack and the benchmark's 500-app stack,
 * each through `npm run render` and then `npm run report` with the recorded prod history, as a user
 * runs them. The directory is passed to the tests in SLIPWAY_BROWSER_RENDERS.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBenchStackFile } from "./bench-stack-file";

const tool = (...args: string[]) => execFileSync(process.execPath, ["tools/run.mjs", ...args], { stdio: "pipe" });

export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), "slipway-browser-"));
  process.env.SLIPWAY_BROWSER_RENDERS = dir;
  const history = join("test", "fixtures", "history-prod.json");
  const bench = writeBenchStackFile(500, join(dir, "Pulumi.bench.yaml"));
  for (const [stack, config] of [
    ["prod", "Pulumi.prod.yaml"],
    [bench, join(dir, "Pulumi.bench.yaml")],
  ]) {
    const out = join(dir, stack);
    tool("render", "--stack", stack, "--config", config, "--out", out);
    tool("report", "--stack", stack, "--history", history, "--render", out, "--out", out);
  }
}
