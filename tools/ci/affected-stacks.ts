/**
 * `npm run --silent affected-stacks -- --base <commit>`: the stacks CI can reach that a change since
 * <commit> affects, as a JSON array (a workflow matrix). `--all` lists every stack CI can reach (not
 * those on a local kubeconfig context, nor apps stacks on such a platform). `--plan` prints the same
 * stacks as deploy.yml's plan instead (tools/ci/deploy-plan.ts). Every mode first checks the layer
 * keys of every stack file and the limits of the deploy job graph, so a pull request that breaks them
 * fails its preview.
 */
import { execFileSync } from "node:child_process";
import { runCommand } from "../cli";
import { affectedStacksCommand } from "../commands";
import { checkDeployLimits, deployPlan } from "./deploy-plan";
import { ciStackGraph } from "./layers";
import { affectedStacks } from "./stacks";

function run(base: string, plan: boolean): string {
  const stacks = ciStackGraph();
  checkDeployLimits(stacks);
  let selected = stacks.map((stack) => stack.name);
  if (base !== "all") {
    const diff = execFileSync("git", ["diff", "--name-only", `${base}...HEAD`], { encoding: "utf8" });
    selected = affectedStacks(diff.split("\n").filter(Boolean), stacks);
  }
  return JSON.stringify(plan ? deployPlan(stacks, selected) : selected);
}

runCommand(affectedStacksCommand, ({ base, plan }) => {
  try {
    console.log(run(base, plan));
    return Promise.resolve(0);
  } catch (error) {
    // The problems in the stack files, without a stack trace.
    console.error((error as Error).message);
    return Promise.resolve(1);
  }
});
