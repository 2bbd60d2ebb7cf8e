/**
 * An apps stack renders against its platform stack's outputs: the platform's own render
 * (`out/<platform stack>/outputs.json`) or a file of what `pulumi stack output --json --show-secrets`
 * prints. The mock engine answers the apps stack's StackReference with them (mock-cloud.ts).
 *
 * A render's outputs.json is redacted. The platform's kubeconfig is its one secret output an apps
 * stack reads; offline it only becomes the Kubernetes provider's (secret) input, so a redacted one is
 * replaced by a stand-in that says so. Any other output with a secret inside it is left out, as
 * previous-outputs.ts does, rather than fed to the program as a stand-in value.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { platformStackName, platformStackProblem, platformStackReference } from "../../config/layers";
import { KUBECONFIG_OUTPUT } from "../../config/platform-outputs";
import { MOCK_ORGANIZATION } from "./mock-cloud";
import { PROJECT, type StackInput, type StackOutputs } from "./run-program";
import { REDACTED } from "./secrets";
import { StackFileError } from "./stack-file";

const KUBECONFIG_STAND_IN = "offline render: the platform stack's kubeconfig is secret and not in its render";

/** A platform's outputs from a render directory (its outputs.json) or an outputs file. */
export function platformOutputsFile(path: string): StackOutputs {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, "outputs.json") : path;
  let written: Record<string, unknown>;
  try {
    written = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new StackFileError(`${file}: cannot read the platform stack's outputs: ${(error as Error).message}`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(written)) {
    if (name === KUBECONFIG_OUTPUT && value === REDACTED) values[name] = KUBECONFIG_STAND_IN;
    else if (!JSON.stringify(value).includes(JSON.stringify(REDACTED))) values[name] = value;
  }
  return { values, secretNames: KUBECONFIG_OUTPUT in values ? [KUBECONFIG_OUTPUT] : [] };
}

/**
 * The platform stack an apps stack's input names, if it is one. Checked before its name becomes a
 * path: `..` would read the outputs of the working directory.
 */
export function platformStackOf(input: StackInput): string | undefined {
  const name = input.config["slipway:layer"] === "apps" ? input.config["slipway:platformStack"] : undefined;
  const problem = name === undefined ? undefined : platformStackProblem(name);
  if (problem !== undefined) {
    throw new ConfigError([{ key: "slipway:platformStack", message: `${problem}, got ${JSON.stringify(name)}` }]);
  }
  return name;
}

/** Where an apps stack's platform outputs are read by default: the platform's own render. */
export function defaultPlatformOutputs(platformStack: string): string {
  return join("out", platformStackName(platformStack));
}

/** The input with the platform's outputs answering the StackReference `slipway:platformStack` names. */
export function withPlatform(input: StackInput, platform: StackOutputs): StackInput {
  const name = platformStackOf(input);
  if (name === undefined) return input;
  const reference = platformStackReference(name, MOCK_ORGANIZATION, PROJECT);
  return { ...input, stackReferences: { ...input.stackReferences, [reference]: platform } };
}
