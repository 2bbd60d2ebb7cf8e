/** The repository's GitHub Actions workflows, parsed, for the workflow tests. */
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";

type Step = {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  "continue-on-error"?: boolean;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
};

export type Job = {
  if?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  strategy?: { "fail-fast"?: boolean; matrix?: Record<string, unknown> };
  /** A call of a reusable workflow, e.g. ./.github/workflows/deploy-wave.yml. */
  uses?: string;
  with?: Record<string, string>;
  secrets?: string | Record<string, string>;
  steps?: Step[];
};

export type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const DIR = ".github/workflows";

export const workflowFiles = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

export const workflowText = (file: string) => readFileSync(`${DIR}/${file}`, "utf8");

export const workflow = (file: string) => parse(workflowText(file)) as Workflow;

export const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);

/** The workflow file a job calls (`./.github/workflows/<file>`), if it calls one. */
export const calledFile = (job: Job) => /^\.\/\.github\/workflows\/(.+)$/.exec(job.uses ?? "")?.[1];

/** `uses:` lines of a workflow's text that do not run a local workflow or a full commit SHA with its tag beside it. */
export const unpinnedUses = (workflowYaml: string): string[] =>
  workflowYaml
    .split("\n")
    .map((line) => line.trim().replace(/^- /, ""))
    .filter((line) => line.startsWith("uses:") && !line.startsWith("uses: ./"))
    .filter((line) => !/^uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(line));

/**
 * Jobs that can read a secret outside a GitHub environment: they name `secrets.` or pass the caller's
 * secrets on to a called workflow (`secrets: inherit`, `secrets: {...}`), and declare no `environment`.
 */
export const secretsOutsideEnvironments = (wf: Workflow): string[] =>
  Object.entries(wf.jobs)
    .filter(([, job]) => job.secrets !== undefined || JSON.stringify(job).includes("secrets."))
    .filter(([, job]) => job.environment === undefined || job.secrets !== undefined)
    .map(([name]) => name);
