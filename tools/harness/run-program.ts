/**
 * The offline run of the real Slipway program: stack config in, every registration and the stack's
 * outputs out. The render, the tests and the benchmark all go through here.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMockEngine, settle, type Registration } from "./mock-engine";
import { REDACTED } from "./secrets";

export const PROJECT = "slipway";

export interface StackInput {
  stack: string;
  /** Runtime config as Pulumi passes it: `project:key` → string (objects JSON-encoded). */
  config: Record<string, string>;
  /** Keys whose values are secret. */
  secretKeys: string[];
  /** The outputs of the stack's previous update, as a StackReference to the stack would read them. */
  previousOutputs?: StackOutputs;
  /** Other stacks' outputs by full name (`organization/slipway/<stack>`): an apps stack's platform. */
  stackReferences?: Record<string, StackOutputs>;
  /** Registry hosts that do not answer image lookups in this run (`quay.io`): a registry outage. */
  unreachableRegistries?: string[];
  /** `sdk`: the SDK's own MockMonitor answers registrations instead of mock-monitor.ts (tests compare the two). */
  mockMonitor?: "sdk";
}

/** Stack outputs as the engine keeps them: plain values (secrets included) and which are secret. */
export interface StackOutputs {
  values: Record<string, unknown>;
  secretNames: string[];
}

export interface ProgramRun {
  resources: Registration[];
  /** Stack outputs with secret values shown as "[secret]". */
  outputs: Record<string, unknown>;
  /** Unredacted, to feed a following run as its previous update: never print or write it. */
  stackOutputs: StackOutputs;
}

interface OutputInternals {
  promise(): Promise<unknown>;
  isSecret: Promise<boolean>;
}

async function resolveOutputs(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as OutputInternals;
    if (await output.isSecret) return REDACTED;
    return resolveOutputs(await output.promise());
  }
  if (Array.isArray(value)) return Promise.all(value.map(resolveOutputs));
  if (value !== null && typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await resolveOutputs(v)] as const),
    );
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  }
  return value;
}

/** Resolves a value fully, noting whether any part of it was secret. */
async function resolvePlain(value: unknown, secret: { found: boolean }): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as OutputInternals;
    if (await output.isSecret) secret.found = true;
    return resolvePlain(await output.promise(), secret);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolvePlain(v, secret)));
  if (value !== null && typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await resolvePlain(v, secret)] as const),
    );
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  }
  return value;
}

async function stackOutputs(outputs: Record<string, unknown>): Promise<StackOutputs> {
  const values: Record<string, unknown> = {};
  const secretNames: string[] = [];
  for (const [name, value] of Object.entries(outputs)) {
    const secret = { found: false };
    values[name] = await resolvePlain(value, secret);
    if (secret.found) secretNames.push(name);
  }
  return { values, secretNames };
}

/**
 * The SDK records a stack trace for every promise it makes and a full one, source-mapped, for every
 * resource; formatting those takes most of a run's time, so the program runs without promise traces
 * and without source-mapping (as `npm run render` does with --stack-trace-limit=0), also when a test
 * runner has installed its own source-mapping stack formatter. Set
 * SLIPWAY_STACK_TRACES=1 to keep both when debugging a failing run.
 */
export async function withoutPromiseTraces<T>(run: () => Promise<T>): Promise<T> {
  if (process.env.SLIPWAY_STACK_TRACES) return run();
  const limit = Error.stackTraceLimit;
  const sourceMaps = process.sourceMapsEnabled;
  // oxlint-disable-next-line typescript/unbound-method -- saved and put back as it was, never called here
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 0;
  process.setSourceMapsEnabled(false);
  Error.prepareStackTrace = plainStackTrace;
  try {
    return await run();
  } finally {
    Error.stackTraceLimit = limit;
    process.setSourceMapsEnabled(sourceMaps);
    Error.prepareStackTrace = prepare;
  }
}

/**
 * V8's own format, without source-mapping: the SDK formats a whole stack for every resource, and a
 * test runner's source-mapping formatter (jest's) made that cost ~5 % of a render.
 */
function plainStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
  const lines = frames.map((frame) => `\n    at ${(frame as { toString(): string }).toString()}`);
  return `${Error.prototype.toString.call(error)}${lines.join("")}`;
}

/** A Pulumi program: declares the stack's resources and resolves to its outputs. */
export type Program = () => Promise<Record<string, unknown>>;

/**
 * The sources' own program, loaded when first run: a caller that runs another build of it (the
 * benchmark runs the CLI's bundle) would otherwise load and initialise Slipway's ~90 modules twice,
 * ~0.1 s of CPU in every process (docs/performance.md).
 */
const sourcesProgram: Program = async () => (await import("../../stacks/program")).defineStack();

/**
 * Runs the program (the sources' own, unless given another build of it); a ConfigError propagates
 * before anything is registered.
 */
export async function runProgram(input: StackInput, program: Program = sourcesProgram): Promise<ProgramRun> {
  pulumi.runtime.setAllConfig(input.config, input.secretKeys);
  const resources = await installMockEngine(
    PROJECT,
    input.stack,
    input.previousOutputs,
    input.stackReferences,
    input.unreachableRegistries,
    input.mockMonitor === "sdk",
  );
  const outputs = await withoutPromiseTraces(async () => {
    const defined = await program();
    await settle();
    return defined;
  });
  return {
    resources,
    outputs: (await resolveOutputs(outputs)) as Record<string, unknown>,
    stackOutputs: await stackOutputs(outputs),
  };
}
