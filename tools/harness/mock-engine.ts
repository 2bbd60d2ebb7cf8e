/**
 * Runs a Pulumi program under the SDK's mock runtime and records every registration with its parent,
 * options and inputs. Parents and options are only visible on the engine request, so each request
 * is read as it passes: mock-monitor.ts answers registrations in the SDK MockMonitor's place (the
 * same results, cheaper), or, when asked, the MockMonitor's own registerResource is wrapped.
 *
 * StackReferences are reads (readResource), recorded with their state: stack policies see every
 * resource's outputs ("AnalyzeStack is called on the final outputs of each resource", pulumi/pulumi
 * v3.248.0 pkg/resource/deploy/step_generator.go:3249), and an apps stack's ownership rule reads its
 * platform's grants there. Secret outputs are left out of the record, so nothing secret reaches a
 * render; the stack's reference to its own previous update is not recorded (it is no other stack's).
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import {
  MOCK_ORGANIZATION,
  MOCK_REGION,
  mockCall,
  mockNewResource,
  stackReferenceState,
  type StackReferences,
} from "./mock-cloud";
import { answerRegistrationsCheaply } from "./mock-monitor";
import type { StackOutputs } from "./run-program";
import { unwrapSecrets, type Path } from "./secrets";

export interface Registration {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  custom: boolean;
  /** Inputs with secrets unwrapped; `secretPaths` says which parts were secret. */
  inputs: Record<string, unknown>;
  secretPaths: Path[];
  /** For each input property, the URNs of the resources its value came from (what policies match on). */
  propertyDependencies: Record<string, string[]>;
  options: {
    protect: boolean;
    retainOnDelete: boolean;
    dependsOn: string[];
    provider?: string;
    customTimeouts?: { create?: string; update?: string; delete?: string };
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
  };
}

interface EngineRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
  getProvider(): string;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}

interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type Monitor = {
  registerResource(req: EngineRequest, callback: unknown): unknown;
  readResource(req: ReadRequest, callback: unknown): unknown;
};

function urnOf(stack: string, project: string, req: Pick<EngineRequest, "getType" | "getName" | "getParent">): string {
  let type = req.getType();
  const parent = req.getParent();
  if (parent) type = `${parent.split("::")[2].split("$").pop()}$${type}`;
  return `urn:pulumi:${stack}::${project}::${type}::${req.getName()}`;
}

function timeouts(req: EngineRequest): Registration["options"]["customTimeouts"] {
  const t = req.getCustomtimeouts();
  if (!t || !(t.getCreate() || t.getUpdate() || t.getDelete())) return undefined;
  return { create: t.getCreate() || undefined, update: t.getUpdate() || undefined, delete: t.getDelete() || undefined };
}

function record(stack: string, project: string, req: EngineRequest, inputs: Record<string, unknown>): Registration {
  const { value, secretPaths } = unwrapSecrets(inputs);
  return {
    urn: urnOf(stack, project, req),
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent() || undefined,
    custom: req.getCustom(),
    inputs: value as Record<string, unknown>,
    secretPaths,
    propertyDependencies: Object.fromEntries(
      [...req.getPropertydependenciesMap().entries()].map(([key, deps]) => [key, [...deps.getUrnsList()].sort()]),
    ),
    options: {
      protect: req.getProtect() ?? false,
      retainOnDelete: req.getRetainondelete() ?? false,
      dependsOn: [...req.getDependenciesList()].sort(),
      provider: req.getProvider() ? req.getProvider().split("::").slice(0, -1).join("::") : undefined,
      customTimeouts: timeouts(req),
      ignoreChanges: req.getIgnorechangesList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
    },
  };
}

/** A StackReference read, with the referenced stack's non-secret outputs as its properties. */
function recordReference(stack: string, project: string, req: ReadRequest, references: StackReferences): Registration {
  const name = String(req.getProperties()?.toJavaScript().name);
  const { outputs, secretOutputNames } = stackReferenceState(name, references);
  const shown = Object.fromEntries(Object.entries(outputs).filter(([key]) => !secretOutputNames.includes(key)));
  return {
    urn: urnOf(stack, project, req),
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent() || undefined,
    custom: true,
    inputs: { name, outputs: shown, secretOutputNames },
    secretPaths: [],
    propertyDependencies: {},
    options: { protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [], deleteBeforeReplace: false },
  };
}

/** Installs fresh mocks (after the stack's config is set) and returns the list that every registration from now on is appended to. */
export async function installMockEngine(
  project: string,
  stack: string,
  previous?: StackOutputs,
  /** Other stacks' outputs by their full name: an apps stack's platform. */
  others: StackReferences = {},
  /** Registry hosts whose image lookups fail (StackInput.unreachableRegistries). */
  unreachableRegistries: readonly string[] = [],
  /** Answer registrations with the SDK's own MockMonitor instead of mock-monitor.ts (to compare the two). */
  sdkMonitor = false,
): Promise<Registration[]> {
  const registrations: Registration[] = [];
  // The AWS provider takes its region from the stack's config, so the mock cloud does too.
  const region = pulumi.runtime.getConfig("aws:region") ?? MOCK_REGION;
  const self = `${MOCK_ORGANIZATION}/${project}/${stack}`;
  const references: StackReferences = { ...others, ...(previous ? { [self]: previous } : {}) };
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => mockNewResource(args, region, references),
      call: (args) => mockCall(args, region, unreachableRegistries),
    },
    project,
    stack,
    false,
    MOCK_ORGANIZATION,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  if (sdkMonitor) {
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      registrations.push(record(stack, project, req, req.getObject()?.toJavaScript() ?? {}));
      return original(req, callback);
    };
  } else {
    answerRegistrationsCheaply(monitor as unknown as MockMonitor, (req, inputs) =>
      registrations.push(record(stack, project, req as unknown as EngineRequest, inputs)),
    );
  }
  const originalRead = monitor.readResource.bind(monitor);
  monitor.readResource = (req, callback) => {
    // Another stack's: the stack's own previous outputs (stacks/previous-releases.ts) change every update.
    const reference =
      req.getType() === "pulumi:pulumi:StackReference" && recordReference(stack, project, req, references);
    if (reference && reference.inputs.name !== self) registrations.push(reference);
    return originalRead(req, callback);
  };
  return registrations;
}

/** Waits until every outstanding registration and apply has finished (exported by the SDK, untyped). */
export function settle(): Promise<void> {
  return (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}
