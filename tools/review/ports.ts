/**
 * The narrow interfaces `npm run review` depends on: the backend's stacks (automation.ts implements
 * them with the Automation API), HTTP for the acceptance checks, and where the tool's lines go. Tests
 * inject fakes.
 */
import type { ConfigMap, DestroyOptions, UpOptions } from "@pulumi/pulumi/automation";

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
