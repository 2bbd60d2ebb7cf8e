/**
 * `npm run --silent affected-stacks -- --base <commit>`: the stacks a change since <commit> affects, as
 * a JSON array (a workflow matrix). `--all` lists every stack.
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { affectedStacks, stackNames } from "./stacks";

const { values } = parseArgs({ options: { base: { type: "string" }, all: { type: "boolean" } }, strict: true });
if (!values.base && !values.all) {
  console.error("usage: npm run --silent affected-stacks -- (--base <commit> | --all)");
  process.exit(2);
}
const stacks = stackNames();
const changed = values.all ? [] : execFileSync("git", ["diff", "--name-only", `${values.base}...HEAD`], { encoding: "utf8" }).split("\n").filter(Boolean);
console.log(JSON.stringify(values.all ? stacks : affectedStacks(changed, stacks)));
