/**
 * The benchmark's floor: the program's registrations replayed directly, with no components' logic,
 * config parsing or validation. Each resource is registered through the same SDK class the program
 * used (a Deployment through `Deployment`, which declares its output properties, a Secret through
 * `Secret`, which marks its data secret), with the same name, inputs (secret parts secret again),
 * parent, provider and dependsOn — what the SDK must do for these registrations whatever the program.
 */
import { setImmediate } from "node:timers/promises";
import * as pulumi from "@pulumi/pulumi";
import type { Registration } from "../harness/mock-engine";
import type { Path } from "../harness/secrets";

export type Captured = Pick<Registration, "urn" | "type" | "name" | "parent" | "custom" | "inputs" | "secretPaths"> & {
  options: Pick<Registration["options"], "provider" | "dependsOn">;
};

type ResourceClass = new (
  name: string,
  args: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
) => pulumi.Resource;

/* oxlint-disable typescript/no-require-imports -- the class behind each captured type token is looked up by name at run time */

/** `@pulumi/kubernetes` folders are named by the API group's first label: `networking.k8s.io/v1` → `networking/v1`. */
function kubernetesClass(apiVersion: string, kind: string): ResourceClass {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  try {
    const cls = require(`@pulumi/kubernetes/${group.split(".")[0]}/${version}`)[kind];
    if (cls) return cls;
  } catch {
    // Not a built-in kind: a custom resource, registered as the program registers it.
  }
  const { CustomResource } = require("@pulumi/kubernetes/apiextensions");
  return CustomResource;
}

/** The SDK class behind a type token: `pkg:module/member:Class`, or `pulumi:providers:pkg`. */
function resourceClass(type: string): ResourceClass {
  const [pkg, module, member] = type.split(":");
  if (pkg === "pulumi" && module === "providers") return require(`@pulumi/${member}/provider`).Provider;
  if (pkg === "kubernetes") return kubernetesClass(module, member);
  const folder = module.split("/")[0];
  const cls = folder === "index" ? require(`@pulumi/${pkg}`)[member] : require(`@pulumi/${pkg}/${folder}`)[member];
  if (!cls) throw new Error(`no SDK class for ${type}`);
  return cls;
}

function withSecrets(inputs: Record<string, unknown>, secretPaths: Path[]): Record<string, unknown> {
  if (secretPaths.length === 0) return inputs;
  const copy = structuredClone(inputs);
  // Paths start at a top-level property: the inputs object itself is never secret.
  for (const path of secretPaths) {
    const parent = path.slice(0, -1).reduce<any>((v, key) => v[key], copy);
    const key = path[path.length - 1];
    parent[key] = pulumi.secret(parent[key]);
  }
  return copy;
}

/** Not one of the program's own components: a provider package's resource, custom or (like a Helm v4 Chart) provider-side. */
const fromPackage = (r: Captured) => !r.type.startsWith("slipway:");

/** Each package type's class, loaded before the clock starts (module loading is measured apart). */
export function classesFor(captured: Captured[]): Map<string, ResourceClass> {
  return new Map(captured.filter(fromPackage).map((r) => [r.type, resourceClass(r.type)]));
}

/**
 * Registers every captured resource in program order, wiring options to the replayed resources, and
 * yields to the event loop before each app as the program does, so both hold as much in flight.
 */
export async function replay(captured: Captured[], classes: Map<string, ResourceClass>): Promise<void> {
  const byUrn = new Map<string, pulumi.Resource>();
  const resources = (urns: string[]) =>
    urns.map((urn) => byUrn.get(urn)).filter((r): r is pulumi.Resource => r !== undefined);
  for (const r of captured) {
    if (r.type === "slipway:app:App") await setImmediate();
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    const resource = fromPackage(r)
      ? new (classes.get(r.type)!)(r.name, withSecrets(r.inputs, r.secretPaths), {
          parent,
          provider: r.options.provider ? (byUrn.get(r.options.provider) as pulumi.ProviderResource) : undefined,
          dependsOn: resources(r.options.dependsOn),
        })
      : new pulumi.ComponentResource(r.type, r.name, {}, { parent, dependsOn: resources(r.options.dependsOn) });
    byUrn.set(r.urn, resource);
  }
}
