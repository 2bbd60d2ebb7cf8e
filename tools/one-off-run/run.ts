/**
 * `npm run run -- --stack <s> --app <a> [--process web] -- <command…>` (Heroku's `heroku run`):
 * starts a Job from the app's current release, streams its log and returns the command's exit code;
 * Kubernetes deletes the Job after `ttlSecondsAfterFinished`. The habits of `npm run release`: the
 * plan is printed first, `--dry-run` stops there (with the Job it would create), and without `--yes`
 * a person confirms on a terminal (no terminal: refused before anything is read).
 */
import { assertCanConfirm, confirm, type AskHabits } from "../release-history/confirm";
import type { Output, Prompt } from "../release-history/ports";
import type { StackOutputsPort, ClusterAccess } from "../rollout-control/ports";
import { oneOffJob } from "./job";
import type { JobsApi } from "./ports";
import { OneOffRefusal, oneOffTarget } from "./target";

export interface OneOffOptions {
  stack: string;
  app: string;
  process: string;
  command: string[];
  /** Seconds Kubernetes keeps the finished Job (and its log) before deleting it. */
  ttlSeconds: number;
  yes: boolean;
  dryRun: boolean;
}

export interface OneOffDeps {
  openStack: () => Promise<StackOutputsPort>;
  connect: (access: ClusterAccess) => JobsApi;
  prompt: Prompt;
  out: Output;
  /** A short lowercase id, unique per run: the Job's name ends with it. */
  runId: () => string;
}

const ASK: AskHabits = {
  skip: "pass --yes to run without asking, or --dry-run to only see the Job",
  refusal: OneOffRefusal,
};

/** The command's exit code; 0 for a dry run, 1 when cancelled. */
export async function runOneOff(options: OneOffOptions, deps: OneOffDeps): Promise<number> {
  const { stack, app, process, out } = { ...options, out: deps.out };
  const mustAsk = !options.dryRun && !options.yes;
  if (mustAsk) assertCanConfirm(deps.prompt, ASK);

  const target = oneOffTarget(await (await deps.openStack()).outputs(), stack, app, process);
  const { namespace, release } = target;
  const api = deps.connect(target.access);
  const template = await api.podTemplate(namespace, target.workload);
  const job = oneOffJob(template, release, {
    app,
    process,
    namespace,
    runId: deps.runId(),
    command: options.command,
    ttlSeconds: options.ttlSeconds,
  });
  const name = job.metadata.name;
  out.log(
    `Job ${namespace}/${name} runs ${JSON.stringify(options.command)} as process ${process} of ${app} (stack ${stack})`,
  );
  out.log(`  release ${release.version ?? "(no version)"}: ${release.image}`);
  out.log(`  config ${release.config.name}${release.secret ? `, secret ${release.secret.name}` : ""}`);
  out.log(`  deleted ${options.ttlSeconds}s after it finishes`);
  if (options.dryRun) {
    out.log(JSON.stringify(job, null, 2));
    out.log("Dry run: nothing was started.");
    return 0;
  }
  if (mustAsk && !(await confirm(deps.prompt, `Run it on stack ${stack}? Type yes to continue: `, ASK))) {
    out.log("Cancelled: nothing was started.");
    return 1;
  }
  await api.createJob(namespace, job);
  const pod = await api.startedPod(namespace, name);
  await api.followLog(namespace, pod, process, (chunk) => out.stream(chunk));
  const code = await api.exitCode(namespace, pod, process);
  out.log(`${name} exited with code ${code}`);
  return code;
}
