/**
 * Builds the argument bags the CrossGuard SDK hands to policies (ResourceValidationArgs,
 * StackValidationArgs' PolicyResource) from the harness's registrations, shaped as the SDK's analyzer
 * server builds them from the engine's requests.
 */
import type {
  PolicyCustomTimeouts,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
} from "@pulumi/policy";
import type { Registration } from "./mock-engine";
import { frozenCopy } from "./plain-tree";

type ResourceClass = { __pulumiType?: unknown; isInstance?: (obj: unknown) => boolean };

/** As the SDK decides it: the class's `__pulumiType`, else its `isInstance` on a stand-in object. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const cls = resourceClass as ResourceClass;
  if (typeof cls.__pulumiType === "string" && cls.__pulumiType.length > 0) return cls.__pulumiType === type;
  return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

/** Go durations as Pulumi writes custom timeouts ("10m", "1h30m", "90s") → seconds. */
export function durationSeconds(text: string | undefined): number {
  if (!text) return 0;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) seconds += Number(amount) * units[unit];
  return seconds;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A frozen copy: policies read props, and one policy must not change what the next one sees. */
function propsOf(resource: Registration): Record<string, any> {
  return frozenCopy(resource.inputs);
}

function optionsOf(resource: Registration): PolicyResourceOptions {
  const timeouts: PolicyCustomTimeouts = {
    createSeconds: durationSeconds(resource.options.customTimeouts?.create),
    updateSeconds: durationSeconds(resource.options.customTimeouts?.update),
    deleteSeconds: durationSeconds(resource.options.customTimeouts?.delete),
  };
  return {
    protect: resource.options.protect,
    ignoreChanges: resource.options.ignoreChanges,
    deleteBeforeReplace: resource.options.deleteBeforeReplace,
    aliases: [],
    customTimeouts: timeouts,
    additionalSecretOutputs: [],
    parent: resource.parent,
  };
}

function view(resource: Registration, props: Record<string, any>, provider: PolicyProviderResource | undefined) {
  return {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: deepFreeze(optionsOf(resource)),
    provider: provider && Object.freeze(provider),
    isType: (cls: unknown) => isTypeOf(resource.type, cls),
    asType: (cls: unknown) => (isTypeOf(resource.type, cls) ? (props as never) : undefined),
  };
}

/** What resource and stack policies both see of one resource. */
export type ResourceView = ReturnType<typeof view>;

/** One view per resource, by URN: built once per render and shared by every policy, since props are frozen. */
export function resourceViews(resources: Registration[]): Map<string, ResourceView> {
  const propsByUrn = new Map(resources.map((r) => [r.urn, propsOf(r)]));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const providerOf = (resource: Registration): PolicyProviderResource | undefined => {
    const provider = resource.options.provider ? byUrn.get(resource.options.provider) : undefined;
    return (
      provider && { type: provider.type, props: propsByUrn.get(provider.urn)!, urn: provider.urn, name: provider.name }
    );
  };
  return new Map(resources.map((r) => [r.urn, view(r, propsByUrn.get(r.urn)!, providerOf(r))]));
}

/** The stack's resources as a stack policy sees them, parents and dependencies linked. */
export function policyResources(resources: Registration[], views: Map<string, ResourceView>): PolicyResource[] {
  const built = new Map<string, PolicyResource>(
    resources.map((r) => [r.urn, { ...views.get(r.urn)!, dependencies: [], propertyDependencies: {} }]),
  );
  const linked = (urns: string[]) =>
    urns.map((urn) => built.get(urn)).filter((r): r is PolicyResource => r !== undefined);
  for (const resource of resources) {
    const target = built.get(resource.urn)!;
    target.parent = resource.parent ? built.get(resource.parent) : undefined;
    target.dependencies = linked(resource.options.dependsOn);
    for (const [key, urns] of Object.entries(resource.propertyDependencies))
      target.propertyDependencies[key] = linked(urns);
  }
  // Shared by every stack policy: frozen, so one cannot change what the next sees.
  for (const resource of built.values()) Object.freeze(resource);
  return Object.freeze([...built.values()]) as PolicyResource[];
}
