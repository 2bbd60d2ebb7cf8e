/**
 * `npm run --silent affected-stacks -- --base <commit>`: the stacks CI can reach that a change since
 * <commit> affects, as a JSON array (a workflow matrix). `--all` lists every stack CI can reach
 * (`ciStacks`: not those on a local kubeconfig context).
 */
import { execFileSync } from "node:child_process";
import { runCommand } from "../cli";
import { affectedStacksCommand } from "../commands";
import { affectedStacks, ciStacks } from "./stacks";

runCommand(affectedStacksCommand, (base) => {
  const stacks = ciStacks();
  if (base === "all") {
    console.log(JSON.stringify(stacks));
  } else {
    const diff = execFileSync("git", ["diff", "--name-only", `${base}...HEAD`], { encoding: "utf8" });
    console.log(JSON.stringify(affectedStacks(diff.split("\n").filter(Boolean), stacks)));
  }
  return Promise.resolve(0);
});
