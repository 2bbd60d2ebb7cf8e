/**
 * `npm run --silent policy-config -- --stack <name>`: the policy pack config file for the stack's
 * environment tier, for `pulumi preview --policy-pack policy --policy-pack-config <file>`.
 */
import { parseArgs } from "node:util";
import { policyConfigForStack } from "./stacks";

const { values } = parseArgs({ options: { stack: { type: "string" } }, strict: true });
if (!values.stack) {
  console.error("usage: npm run --silent policy-config -- --stack <name>");
  process.exit(2);
}
try {
  console.log(policyConfigForStack(values.stack));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
