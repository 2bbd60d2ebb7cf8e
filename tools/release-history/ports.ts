/**
 * The narrow interfaces the release tools depend on. The real implementations are thin
 * (automation.ts: the Automation API; git-checkout.ts: git and npm); tests inject fakes.
 */
import type {
  ConfigMap,
  OutputMap,
  PreviewOptions,
  PreviewResult,
  UpdateSummary,
  UpOptions,
  UpResult,
} from "@pulumi/pulumi/automation";

export interface HistorySource {
  history(pageSize: number, page: number, showSecrets: boolean): Promise<UpdateSummary[]>;
}

/** The part of the Automation API's `Stack` the tools use: a real `Stack` satisfies it as is. */
export interface StackPort extends HistorySource {
  getAllConfig(): Promise<ConfigMap>;
  /** The last update's stack outputs (the release history among them). */
  outputs(): Promise<OutputMap>;
  setAllConfig(config: ConfigMap, path?: boolean): Promise<void>;
  removeAllConfig(keys: string[], path?: boolean): Promise<void>;
  preview(opts: PreviewOptions): Promise<PreviewResult>;
  up(opts: UpOptions): Promise<UpResult>;
}

/** Selects the stack in a directory holding a Pulumi project. */
export type OpenStack = (workDir: string) => Promise<StackPort>;

export interface Worktree {
  /** Root of the temporary git worktree. */
  root: string;
  /** The Pulumi project's directory inside it (the project may live in a subdirectory of the repo). */
  projectDir: string;
}

export interface CheckoutPort {
  /** The Pulumi project's directory in the user's checkout. */
  readonly projectDir: string;
  head(): Promise<string | undefined>;
  /** Tracked files modified or staged (untracked files do not change what a commit deploys). */
  hasLocalChanges(): Promise<boolean>;
  hasCommit(commit: string): Promise<boolean>;
  /** package.json and package-lock.json at `commit` equal this checkout's. */
  dependenciesMatch(commit: string): Promise<boolean>;
  addWorktree(commit: string): Promise<Worktree>;
  removeWorktree(worktree: Worktree): Promise<void>;
  linkDependencies(projectDir: string): Promise<void>;
  installDependencies(projectDir: string): Promise<void>;
}

export interface Prompt {
  readonly isTTY: boolean;
  ask(question: string): Promise<string>;
}

export interface Output {
  /** One line of the tool's own report. */
  log: (line: string) => void;
  /** Pulumi's streamed output, passed through as it arrives. */
  stream: (chunk: string) => void;
}
