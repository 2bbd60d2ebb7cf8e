/**
 * `npm run --silent affected-stacks -- --base <commit>`: the stacks a change since <commit> affects, as
 * a JSON array (a workflow matrix). `--all` lists every stack.
 */
import { execFileSync } from "node:child_process";
import { runCommand } from "../cli";
import { affectedStacksCommand } from "../commands";
import { affectedStacks, stackNames } from "./stacks";

runCommand(affectedStacksCommand, (base) => {
  const stacks = stackNames();
  if (base === "all") {
    console.log(JSON.stringify(stacks));
  } else {
    const diff = execFileSync("git", ["diff", "--name-only", `${base}...HEAD`], { encoding: "utf8" });
    console.log(JSON.stringify(affectedStacks(diff.split("\n").filter(Boolean), stacks)));
  }
  return Promise.resolve(0);
});
