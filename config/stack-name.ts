/**
 * Pulumi's own rule for the names of stacks and projects, so that Slipway refuses, where a stack is
 * named (a tool's --stack, slipway:platformStack, slipway:cluster.access.appStacks), what Pulumi
 * would refuse anyway: 1 to 100 letters, digits, '-', '_' or '.'
 * (pulumi/pulumi v3.248.0 sdk/go/common/tokens/stack_name.go:51-85, ParseStackName; project names
 * the same, sdk/go/common/tokens/project.go:28-38, ValidateProjectName). Pulumi admits "." and "..";
 * Slipway's stacks must also be label values (config/k8s-limits.ts), which refuses them.
 */
const PULUMI_NAME = /^[A-Za-z0-9_.-]*$/;

/** Pulumi's words for a name it refuses, or undefined. */
export function pulumiNameProblem(name: string): string | undefined {
  if (name === "") return "a stack name may not be empty";
  if (name.length > 100) return "a stack name cannot exceed 100 characters";
  if (PULUMI_NAME.test(name)) return undefined;
  const position = [...name].findIndex((char) => !PULUMI_NAME.test(char));
  return `a stack name may only contain alphanumeric, hyphens, underscores, or periods: invalid character ${JSON.stringify([...name][position])} at position ${position}`;
}
