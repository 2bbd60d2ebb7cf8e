/**
 * `npm run --silent policy-config -- --stack <name>`: the policy pack config file for the stack, for
 * `pulumi preview --policy-pack policy --policy-pack-config <file>`: its environment tier's, or for an
 * apps stack one written to policy/config/stacks/<stack>.json with the stack's namespaces.
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
