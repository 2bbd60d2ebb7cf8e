/**
 * Finding the resources that configure another one (an S3 bucket's versioning, encryption, …).
 * A child names its parent through a property (`bucket: bucket.id`); the engine records that as a
 * property dependency, which is known even in a preview of a new stack, when the value is not.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { Resource } from "@pulumi/pulumi";

/** A resource class as `isType` takes it (its static `__pulumiType` names the type). */
export type ResourceClass = new (...rest: any[]) => Resource;

/** The resources of the given classes that configure a target. */
export type Configuring = (target: PolicyResource, classes: ResourceClass[]) => PolicyResource[];

/**
 * For each of `targets`, the resources whose `property` refers to it: by a recorded dependency on
 * its URN, or without one (e.g. a literal bucket name) by the same value as the target's `targetKey`.
 * Every resource is read once, whatever the number of targets.
 */
export function configuringIndex(
  resources: PolicyResource[],
  targets: PolicyResource[],
  property: string,
  targetKey: string,
): Configuring {
  const byUrn = new Map(targets.map((target) => [target.urn, [] as PolicyResource[]]));
  const byValue = new Map<unknown, PolicyResource[]>();
  for (const candidate of resources) {
    const dependencies = candidate.propertyDependencies[property];
    if (dependencies && dependencies.length > 0) {
      for (const urn of new Set(dependencies.map((d) => d.urn))) byUrn.get(urn)?.push(candidate);
    } else if (candidate.props[property] !== undefined) {
      const value: unknown = candidate.props[property];
      const named = byValue.get(value);
      if (named) named.push(candidate);
      else byValue.set(value, [candidate]);
    }
  }
  return (target, classes) =>
    [...(byUrn.get(target.urn) ?? []), ...(byValue.get(target.props[targetKey]) ?? [])].filter((candidate) =>
      classes.some((cls) => candidate.isType(cls)),
    );
}
