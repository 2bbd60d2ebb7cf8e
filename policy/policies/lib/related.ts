/**
 * Finding the resources that configure another one (an S3 bucket's versioning, encryption, …).
 * A child names its parent through a property (`bucket: bucket.id`); the engine records that as a
 * property dependency, which is known even in a preview of a new stack, when the value is not.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { Resource } from "@pulumi/pulumi";

/** A resource class as `isType` takes it (its static `__pulumiType` names the type). */
export type ResourceClass = new (...rest: any[]) => Resource;

/** Resources of the given classes whose `property` refers to `target`. */
export function configuring(
  target: PolicyResource,
  resources: PolicyResource[],
  classes: ResourceClass[],
  property: string,
  targetKey: string,
): PolicyResource[] {
  return resources.filter((candidate) => {
    if (!classes.some((cls) => candidate.isType(cls))) return false;
    const dependencies = candidate.propertyDependencies[property];
    if (dependencies && dependencies.length > 0) return dependencies.some((d) => d.urn === target.urn);
    // No recorded dependency (e.g. a literal bucket name): fall back to comparing the values.
    return candidate.props[property] !== undefined && candidate.props[property] === target.props[targetKey];
  });
}
