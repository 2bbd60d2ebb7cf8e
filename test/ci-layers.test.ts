/**
 * CI over layered stacks, on a repository of stack files made here: a platform stack per environment
 * and prod region (prod in two waves), two teams' apps stacks on each, a single dev stack and a local
 * platform with its apps. Reads stack files only; nothing is rendered.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { checkDeployLimits, deployPlan, MAX_MATRIX, MAX_WAVES, type Wave } from "../tools/ci/deploy-plan";
import { ciStackGraph, type CiStack } from "../tools/ci/layers";
import { affectedStacks } from "../tools/ci/stacks";
import { tempDir } from "./support/temp-dir";

const EKS = {
  mode: "eks",
  version: "1.33",
  addons: {
    "vpc-cni": "v1.19.6-eksbuild.7",
    "kube-proxy": "v1.33.0-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.8-eksbuild.2",
    coredns: "v1.12.1-eksbuild.2",
    "aws-ebs-csi-driver": "v1.48.0-eksbuild.1",
  },
};

function writeStack(dir: string, name: string, config: Record<string, unknown>): void {
  const keys = Object.fromEntries(Object.entries(config).map(([key, value]) => [`slipway:${key}`, value]));
  writeFileSync(join(dir, `Pulumi.${name}.yaml`), stringify({ config: keys }));
}

const platform = (environment: string, wave?: number) => ({
  environment,
  layer: "platform",
  cluster: EKS,
  ...(wave === undefined ? {} : { wave }),
});
const apps = (environment: string, platformStack: string) => ({ environment, layer: "apps", platformStack });

/** The repository: staging in one region; prod in us-east-1 (wave 1), then eu-west-1 (wave 2). */
function layeredRepo(): string {
  const dir = tempDir("ci-layers-");
  writeStack(dir, "dev", { environment: "dev", cluster: EKS });
  writeStack(dir, "plat-stg", platform("staging"));
  writeStack(dir, "plat-use1", platform("prod", 1));
  writeStack(dir, "plat-euw1", platform("prod", 2));
  for (const team of ["shop", "search"]) {
    writeStack(dir, `${team}-stg`, apps("staging", "plat-stg"));
    writeStack(dir, `${team}-use1`, apps("prod", "acme/slipway/plat-use1"));
    writeStack(dir, `${team}-euw1`, apps("prod", "plat-euw1"));
  }
  writeStack(dir, "plat-local", { environment: "dev", layer: "platform", cluster: { mode: "existing" } });
  writeStack(dir, "shop-local", apps("dev", "plat-local"));
  return dir;
}

const EMPTY: Wave = { count: 0, platform: [], apps: [] };

describe("the stacks of a layered repository", () => {
  const dir = layeredRepo();
  const stacks = ciStackGraph(dir);
  const byName = Object.fromEntries(stacks.map((stack) => [stack.name, stack]));

  test("platform stacks on EKS and their apps stacks are CI's; a local platform and its apps are not", () => {
    expect(Object.keys(byName).sort()).toEqual(
      ["dev", "plat-stg", "plat-use1", "plat-euw1", "shop-stg", "search-stg"]
        .concat(["shop-use1", "search-use1", "shop-euw1", "search-euw1"])
        .sort(),
    );
    expect(byName.dev).toEqual({ name: "dev", layer: "single", environment: "dev", wave: 1 });
    // The last segment of <org>/<project>/<stack> names the stack file.
    expect(byName["shop-use1"]).toMatchObject({ layer: "apps", platform: "plat-use1", wave: 1 });
    // An apps stack deploys in its platform's wave.
    expect(byName["search-euw1"]).toMatchObject({ environment: "prod", platform: "plat-euw1", wave: 2 });
  });

  test("a platform stack's change previews it and every apps stack on it, nothing else", () => {
    expect(affectedStacks(["Pulumi.plat-use1.yaml"], stacks).sort()).toEqual(["plat-use1", "search-use1", "shop-use1"]);
  });

  test("an apps stack's change previews only that stack, never its platform", () => {
    expect(affectedStacks(["Pulumi.shop-euw1.yaml"], stacks)).toEqual(["shop-euw1"]);
    expect(affectedStacks(["Pulumi.shop-local.yaml", "Pulumi.plat-local.yaml"], stacks)).toEqual([]);
  });

  test("a single stack's change previews it alone; shared code previews every stack", () => {
    expect(affectedStacks(["Pulumi.dev.yaml"], stacks)).toEqual(["dev"]);
    expect(affectedStacks(["components/app/workload.ts"], stacks)).toHaveLength(stacks.length);
  });

  test("the deploy plan: environments in order, waves in order, each wave's platforms before its apps", () => {
    const plan = deployPlan(stacks, affectedStacks(["policy/index.ts"], stacks));
    expect(Object.keys(plan)).toEqual(["dev", "staging", "prod"]);
    expect(plan.dev.waves).toEqual([{ count: 1, platform: ["dev"], apps: [] }, EMPTY, EMPTY]);
    expect(plan.staging.waves[0]).toEqual({ count: 3, platform: ["plat-stg"], apps: ["search-stg", "shop-stg"] });
    expect(plan.prod).toEqual({
      count: 6,
      waves: [
        { count: 3, platform: ["plat-use1"], apps: ["search-use1", "shop-use1"] },
        { count: 3, platform: ["plat-euw1"], apps: ["search-euw1", "shop-euw1"] },
        EMPTY,
      ],
    });
  });

  test("the deploy plan of an apps stack's change runs that stack's wave alone, without its platform", () => {
    const plan = deployPlan(stacks, affectedStacks(["Pulumi.shop-euw1.yaml"], stacks));
    expect([plan.dev.count, plan.staging.count]).toEqual([0, 0]);
    expect(plan.prod).toEqual({ count: 1, waves: [EMPTY, { count: 1, platform: [], apps: ["shop-euw1"] }, EMPTY] });
  });
});

describe("layer keys a stack file gets wrong", () => {
  const invalid = (config: Record<string, Record<string, unknown>>) => {
    const dir = tempDir("ci-layers-");
    writeStack(dir, "plat", platform("prod"));
    for (const [name, keys] of Object.entries(config)) writeStack(dir, name, keys);
    return () => ciStackGraph(dir);
  };

  test("an apps stack whose platform stack file is missing names slipway:platformStack and the file", () => {
    expect(invalid({ shop: apps("prod", "acme/slipway/plat-eu") })).toThrow(
      'Pulumi.shop.yaml: invalid stack config:\n  slipway:platformStack: "acme/slipway/plat-eu" names the stack file Pulumi.plat-eu.yaml, which is not in the repository',
    );
  });

  test("an apps stack needs a platform stack, and one whose layer is platform", () => {
    expect(invalid({ shop: { environment: "prod", layer: "apps" } })).toThrow(
      /Pulumi\.shop\.yaml: invalid stack config:\n {2}slipway:platformStack: an apps stack names its platform stack/,
    );
    expect(invalid({ solo: { environment: "prod", cluster: EKS }, shop: apps("prod", "solo") })).toThrow(
      /slipway:platformStack: "solo": Pulumi\.solo\.yaml is a single stack, expected slipway:layer: platform/,
    );
  });

  test("a bad layer, wave or platformStack value is named with what was expected; all files at once", () => {
    const check = invalid({
      a: { ...platform("prod"), layer: "cluster" },
      b: { ...platform("prod"), wave: 0 },
      c: { ...platform("prod"), platformStack: "plat" },
    });
    expect(check).toThrow(
      /Pulumi\.a\.yaml: invalid stack config:\n {2}slipway:layer: expected one of single, platform, apps/,
    );
    expect(check).toThrow(/Pulumi\.b\.yaml: invalid stack config:\n {2}slipway:wave: expected a whole number ≥ 1/);
    expect(check).toThrow(
      /Pulumi\.c\.yaml: invalid stack config:\n {2}slipway:platformStack: set only in an apps stack/,
    );
  });

  test("an apps stack takes its platform's environment and wave", () => {
    expect(invalid({ shop: apps("staging", "plat") })).toThrow(
      /slipway:environment: expected prod, the environment of its platform stack \(Pulumi\.plat\.yaml\)/,
    );
    expect(invalid({ shop: { ...apps("prod", "plat"), wave: 2 } })).toThrow(
      /slipway:wave: an apps stack deploys in its platform stack's wave \(1 in Pulumi\.plat\.yaml\)/,
    );
  });
});

describe("the limits of deploy.yml's job graph", () => {
  const stack = (name: string, layer: CiStack["layer"], wave = 1): CiStack => ({
    name,
    layer,
    environment: "prod",
    wave,
    ...(layer === "apps" ? { platform: "plat" } : {}),
  });

  test(`a wave past ${MAX_WAVES} is refused, naming the key, the file and where to add a wave`, () => {
    expect(() => checkDeployLimits([stack("plat", "platform", MAX_WAVES + 1)])).toThrow(
      /^Pulumi\.plat\.yaml: slipway:wave: 4 is past the last wave deploy\.yml runs .* add a wave job to \.github\/workflows\/deploy\.yml and raise MAX_WAVES/,
    );
    expect(() => checkDeployLimits([stack("plat", "platform", MAX_WAVES)])).not.toThrow();
  });

  test(`more apps stacks in one wave than a matrix runs (${MAX_MATRIX}) is refused`, () => {
    const many = Array.from({ length: MAX_MATRIX + 1 }, (_, i) => stack(`team-${i}`, "apps"));
    expect(() => checkDeployLimits([stack("plat", "platform"), ...many])).toThrow(
      `prod wave 1 has ${MAX_MATRIX + 1} apps stacks: one matrix job in .github/workflows/deploy-wave.yml runs at most ${MAX_MATRIX}`,
    );
    expect(() => checkDeployLimits([stack("plat", "platform"), ...many.slice(1)])).not.toThrow();
  });
});
