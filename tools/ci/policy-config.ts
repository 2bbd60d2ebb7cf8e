/**
 * `npm run --silent policy-config -- --stack <name>`: the policy pack config file for the stack's
 * environment tier, for `pulumi preview --policy-pack policy --policy-pack-config <file>`.
 */
import { runCommand } from "../cli";
import { policyConfigCommand } from "../commands";
import { policyConfigForStack } from "./stacks";

runCommand(policyConfigCommand, (stack) => {
  try {
    console.log(policyConfigForStack(stack));
    return Promise.resolve(0);
  } catch (error) {
    console.error((error as Error).message);
    return Promise.resolve(1);
  }
});
