/**
 * The order deploy.yml applies stacks in: environment by environment (dev, staging, prod), within one
 * wave by wave, and within a wave the platform (and single) stacks first, then the apps stacks on them
 * in parallel. A GitHub Actions job graph is fixed when the run starts, so deploy.yml has one job per
 * environment and wave, MAX_WAVES of them per environment, each running its stacks as matrices; the
 * plan gives every one of those jobs its lists, empty when the change does not reach them.
 */
import { TIERS, type Tier } from "../../config/tiers";
import type { CiStack } from "./layers";

/** The wave jobs deploy.yml has per environment (`<environment>-wave-<n>`): raise both together. */
export const MAX_WAVES = 3;

/** GitHub Actions makes at most 256 jobs from one matrix in a workflow run. */
export const MAX_MATRIX = 256;

export interface Wave {
  /** How many stacks the wave deploys: 0 skips its job. */
  count: number;
  /** Platform and single stacks: applied first, in parallel. */
  platform: string[];
  /** Apps stacks: applied once every platform stack of the wave is up, in parallel. */
  apps: string[];
}

export interface EnvironmentPlan {
  /** How many stacks the environment deploys: 0 skips its approval. */
  count: number;
  /** Exactly MAX_WAVES waves, wave 1 first, so that deploy.yml can index every one. */
  waves: Wave[];
}

export type DeployPlan = Record<Tier, EnvironmentPlan>;

/**
 * Refuses a repository whose stacks the fixed job graph cannot deploy: a wave past MAX_WAVES, or a
 * wave whose platform or apps stacks exceed one matrix. Checked over every stack CI reaches, so the
 * pull request that adds the stack fails, not the deploy after it is merged.
 */
export function checkDeployLimits(stacks: CiStack[]): void {
  const problems: string[] = [];
  for (const stack of stacks.filter((s) => s.layer !== "apps" && s.wave > MAX_WAVES)) {
    problems.push(
      `Pulumi.${stack.name}.yaml: slipway:wave: ${stack.wave} is past the last wave deploy.yml runs ` +
        `(${MAX_WAVES} per environment: jobs <environment>-wave-1 to -${MAX_WAVES}); use 1 to ${MAX_WAVES}, or add ` +
        `a wave job to .github/workflows/deploy.yml and raise MAX_WAVES in tools/ci/deploy-plan.ts`,
    );
  }
  const plan = deployPlan(
    stacks,
    stacks.map((s) => s.name),
  );
  for (const environment of TIERS) {
    plan[environment].waves.forEach((wave, index) => {
      for (const layer of ["platform", "apps"] as const) {
        if (wave[layer].length > MAX_MATRIX)
          problems.push(
            `${environment} wave ${index + 1} has ${wave[layer].length} ${layer} stacks: one matrix job in ` +
              `.github/workflows/deploy-wave.yml runs at most ${MAX_MATRIX}; move platforms to another wave (slipway:wave)`,
          );
      }
    });
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

/** The plan for the `selected` stacks (affected by a change, or all), each list in `stacks`' order. */
export function deployPlan(stacks: CiStack[], selected: string[]): DeployPlan {
  const chosen = stacks.filter((stack) => selected.includes(stack.name));
  const plan = {} as DeployPlan;
  for (const environment of TIERS) {
    const waves = Array.from({ length: MAX_WAVES }, (_, index): Wave => {
      const inWave = chosen.filter((s) => s.environment === environment && s.wave === index + 1);
      const platform = inWave.filter((s) => s.layer !== "apps").map((s) => s.name);
      const apps = inWave.filter((s) => s.layer === "apps").map((s) => s.name);
      return { count: platform.length + apps.length, platform, apps };
    });
    plan[environment] = { count: waves.reduce((sum, wave) => sum + wave.count, 0), waves };
  }
  return plan;
}
