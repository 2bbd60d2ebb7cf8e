/** The repository's GitHub Actions workflows, parsed, for the workflow tests. */
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";

type Step = {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
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
  secrets?: string;
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
