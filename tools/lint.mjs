/**
 * `npm run lint`: oxlint, Prettier and knip. oxlint (.oxlintrc.json: the recommended and the type-aware
 * rules, and the layering rules) then knip run on one core while Prettier runs on the other. Each
 * check's output is held and printed in one block when it ends, so the two never interleave; a line
 * every few seconds names what is still running. Every check runs to the end, so one run reports
 * every failure; the exit status is that of the first failed check in LANES' order. Prettier keeps a
 * cache in node_modules/.cache keyed by file content, so a re-run formats only changed files; oxlint
 * has none and needs none (~3 s for the whole tree, types included). Plain JavaScript, so it runs
 * before anything is compiled.
 */
import { spawn } from "node:child_process";

const CACHE = "node_modules/.cache";
const PRETTIER = ["prettier", "--check", "--cache", "--cache-location", `${CACHE}/prettier/.prettier-cache`, "."];
// Each lane runs its checks in turn; the lanes run side by side (2 cores: CI's and the usual laptop's floor).
const LANES = [[["oxlint"], ["knip"]], [PRETTIER]];
const HEARTBEAT_MS = 5000;

const started = performance.now();
const elapsed = (since = started) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const running = new Set();

/** Runs one check with its output captured; prints it as one block when the check ends. */
function check([name, ...args]) {
  running.add(name);
  const since = performance.now();
  // Colours survive the pipe when the terminal would have shown them.
  const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: "1" } : process.env;
  const child = spawn(`node_modules/.bin/${name}`, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  child.stdout.on("data", (chunk) => output.push(chunk));
  child.stderr.on("data", (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on("error", (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on("close", (status) => {
      running.delete(name);
      const passed = status === 0;
      process.stdout.write(Buffer.concat(output));
      console.log(`lint: ${name} ${passed ? "passed" : "failed"} in ${elapsed(since)}`);
      resolve(passed ? 0 : (status ?? 1));
    });
  });
}

async function lane(checks) {
  const statuses = [];
  for (const args of checks) statuses.push(await check(args));
  return statuses;
}

console.log(`lint: ${LANES.map((checks) => checks.map(([name]) => name).join(" → ")).join(" | ")} …`);
const heartbeat = setInterval(
  () => console.log(`lint: ${elapsed()}, running ${[...running].join(", ")}`),
  HEARTBEAT_MS,
);
const statuses = (await Promise.all(LANES.map(lane))).flat();
clearInterval(heartbeat);
const failed = statuses.filter((status) => status !== 0);
console.log(`lint: ${failed.length === 0 ? "all passed" : `${failed.length} failed`} in ${elapsed()}`);
process.exitCode = failed[0] ?? 0;
