/**
 * The stack outputs a real engine keeps after an update, for feeding the next run's self-reference
 * (pulumi/pulumi v3.248.0). A brand-new stack has none. A successful update replaces them. A failed
 * one keeps the previous outputs and lays over them whatever the failed run registered
 * (pkg/resource/deploy/step_executor.go L256-261); the Node.js SDK registers every export, or none
 * when the program threw or an exported value failed (sdk/nodejs/runtime/stack.ts L76-85).
 */
import type { StackOutputs } from "../../tools/harness/run-program";

export const NO_OUTPUTS: StackOutputs = { values: {}, secretNames: [] };

export function outputsAfterFailedUpdate(previous: StackOutputs, registered?: StackOutputs): StackOutputs {
  if (!registered) return previous;
  const replaced = new Set(Object.keys(registered.values));
  return {
    values: { ...previous.values, ...registered.values },
    secretNames: [...previous.secretNames.filter((name) => !replaced.has(name)), ...registered.secretNames],
  };
}
