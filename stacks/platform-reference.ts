/**
 * An apps stack's one StackReference: its platform stack's `platformForApps` and `kubeconfig`
 * outputs, read and validated (config/platform-outputs.ts) before the apps stack registers anything
 * else, so a missing or foreign platform is a config error naming `slipway:platformStack`.
 *
 * `getOutputDetails` answers during the program, before any other registration: the SDK awaits the
 * StackReference's outputs and reports an absent output as `{ value: undefined }`, a secret one as
 * `{ secretValue }` (pulumi/pulumi v3.248.0, sdk/nodejs/stackReference.ts getOutputDetails; the
 * engine side as stacks/previous-releases.ts describes: a stack with no update yet answers no
 * outputs, which is refused below as a platform stack that has not been updated).
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../config/errors";
import { platformStackReference } from "../config/layers";
import {
  KUBECONFIG_OUTPUT,
  parsePlatformOutputs,
  PLATFORM_FOR_APPS_OUTPUT,
  type PlatformOutputs,
} from "../config/platform-outputs";

export async function readPlatformOutputs(platformStack: string): Promise<PlatformOutputs> {
  const platform = new pulumi.StackReference("platform-stack", {
    name: platformStackReference(platformStack, pulumi.getOrganization(), pulumi.getProject()),
  });
  const [forApps, kubeconfig] = await Promise.all([
    platform.getOutputDetails(PLATFORM_FOR_APPS_OUTPUT),
    platform.getOutputDetails(KUBECONFIG_OUTPUT),
  ]);
  const parsed = parsePlatformOutputs(
    forApps.value ?? forApps.secretValue,
    kubeconfig.secretValue ?? kubeconfig.value,
    platformStack,
  );
  if (Array.isArray(parsed)) throw new ConfigError(parsed);
  return parsed;
}
