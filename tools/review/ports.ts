/**
 * The narrow interfaces `npm run review` depends on: the backend's stacks (automation.ts implements
 * them with the Automation API), HTTP for the smoke checks, the cluster for the acceptance Jobs, and
 * where the tool's lines go. Tests inject fakes.
 */
import type { ConfigMap, DestroyOptions, OutputMap, UpOptions } from "@pulumi/pulumi/automation";

/** A stack as `pulumi stack ls --json` lists it (the Automation API's StackSummary). */
export interface ListedStack {
  name: string;
  /** When its last update ended, as the CLI prints it; absent for a stack never updated. */
  lastUpdate?: string;
  updateInProgress?: boolean;
}

/** The part of the Automation API's `Stack` the review tool uses. */
export interface ReviewStackPort {
  /** As `pulumi config set --path [--secret]` for each key: the CLI encrypts secrets into the stack file. */
  setAllConfig(config: ConfigMap, path: boolean): Promise<void>;
  up(opts: UpOptions): Promise<unknown>;
  /** What the last update exported: the copies' namespaces and the cluster's access. */
  outputs(): Promise<OutputMap>;
  destroy(opts: DestroyOptions): Promise<unknown>;
}

export interface ReviewWorkspace {
  /** The Pulumi project's directory (the checkout): where the review stack's file is written. */
  readonly projectDir: string;
  listStacks(): Promise<ListedStack[]>;
  /** The config the stack's last update recorded (its history), or undefined without one. */
  lastUpdateConfig(stack: string): Promise<ConfigMap | undefined>;
  createOrSelectStack(stack: string): Promise<ReviewStackPort>;
  /**
   * Rewrites the stack's file from its last update: that config and the secrets provider's keys
   * (`pulumi config refresh`), which a passphrase stack needs and a fresh checkout lacks.
   */
  refreshStackFile(stack: string): Promise<void>;
  /** The stack, or undefined when the backend has no stack of that name. */
  selectStack(stack: string): Promise<ReviewStackPort | undefined>;
  removeStack(stack: string): Promise<void>;
}

/** One GET: the answer's status, or 0 when nothing answered in time. */
export type HttpGet = (url: string) => Promise<number>;

export interface ReviewOutput {
  /** One line of the tool's own report. */
  log: (line: string) => void;
  /** Pulumi's streamed output, passed through as it arrives. */
  stream: (chunk: string) => void;
}

/** An AnalysisTemplate as the cluster holds it: only its Job metrics matter here. */
export interface AnalysisTemplate {
  metadata: { name: string };
  spec: { metrics: Array<{ name: string; provider: { job?: { metadata?: JobMetadata; spec: JobSpec } } }> };
}
interface JobMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
type JobSpec = Record<string, unknown> & { activeDeadlineSeconds?: number };

export interface AcceptanceJob {
  apiVersion: "batch/v1";
  kind: "Job";
  metadata: JobMetadata & { name: string; namespace: string };
  spec: JobSpec;
}

/** How a Job ended: complete, failed (the Job's reason), or its pod unable to start (the waiting reason). */
export type JobOutcome = { status: "complete" } | { status: "failed" | "stuck"; reason: string };

/** The Kubernetes calls of the acceptance Jobs, in one copy's namespace (acceptance-kube-api.ts). */
export interface AcceptanceJobsApi {
  analysisTemplates(namespace: string): Promise<AnalysisTemplate[]>;
  createJob(job: AcceptanceJob): Promise<void>;
  /** Waits for the Job's end, or for its pod to be stuck, for at most `timeoutSeconds`. */
  outcome(namespace: string, job: string, timeoutSeconds: number): Promise<JobOutcome>;
  /** The last lines of the Job's pod's container log; none when it has no pod. */
  logTail(namespace: string, job: string, container: string, lines: number): Promise<string[]>;
  deleteJob(namespace: string, job: string): Promise<void>;
}
