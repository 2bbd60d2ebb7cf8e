/** Resource options helpers shared by the App's parts. */
import type * as pulumi from "@pulumi/pulumi";

/**
 * The options with extra dependencies added to those the App inherited (e.g. the platform's router):
 * Pulumi does not pass a component's dependsOn on to its children, so each child must keep it.
 */
export function after(
  opts: pulumi.CustomResourceOptions,
  ...resources: pulumi.Resource[]
): pulumi.CustomResourceOptions {
  const given = opts.dependsOn === undefined ? [] : Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn];
  const inherited = given as pulumi.Input<pulumi.Resource>[];
  return { ...opts, dependsOn: [...inherited, ...resources] };
}
