/**
 * `npm run --silent affected-stacks -- --base <commit>`: the stacks CI can reach that a change since
 * <commit> affects, as a JSON array (a workflow matrix). `--all` lists every stack CI can reach
 * (`ciStacks`: not those on a local kubeconfig context).
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { affectedStacks, ciStacks } from "./stacks";

const { values } = parseArgs({ options: { base: { type: "string" }, all: { type: "boolean" } }, strict: true });
if (!values.base && !values.all) {
  console.error("usage: npm run --silent affected-stacks -- (--base <commit> | --all)");
  process.exit(2);
}
const stacks = ciStacks();
// GitHub sends an all-zero `before` when a push creates the branch: there is nothing to diff against.
const all = values.all || /^0+$/.test(values.base!);
const changed = all
  ? []
  : execFileSync("git", ["diff", "--name-only", `${values.base}...HEAD`], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
console.log(JSON.stringify(all ? stacks : affectedStacks(changed, stacks)));
