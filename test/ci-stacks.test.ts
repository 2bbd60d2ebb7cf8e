import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CiStack } from "../tools/ci/layers";
import { ciStackGraph, ciStacks } from "../tools/ci/layers";
import { affectedStacks, policyConfigForStack, stackNames } from "../tools/ci/stacks";
import { readPackConfig, stackPackConfig } from "../tools/harness/policy-config";
import { tempDir } from "./support/temp-dir";

const STACKS = ["dev", "prod", "staging"];
/** Today's stacks: each one single stack (no slipway:layer) in wave 1 of its environment. */
const SINGLES: CiStack[] = STACKS.map((name) => ({ name, layer: "single", environment: "dev", wave: 1 }));

describe("affected stacks", () => {
  test("a stack file change affects only that stack", () => {
    expect(affectedStacks(["Pulumi.prod.yaml"], SINGLES)).toEqual(["prod"]);
    expect(affectedStacks(["Pulumi.staging.yaml", "Pulumi.dev.yaml"], SINGLES)).toEqual(["dev", "staging"]);
  });

  test("a program, component, policy, lockfile or workflow change affects every stack", () => {
    for (const file of [
      "components/app/workload.ts",
      "policy/policies/production.ts",
      "package-lock.json",
      "Pulumi.yaml",
      ".github/workflows/deploy.yml",
    ]) {
      expect([file, affectedStacks(["README.md", file], SINGLES)]).toEqual([file, STACKS]);
    }
  });

  test("documentation and tests affect none; a deleted stack's file is not previewed", () => {
    expect(affectedStacks(["README.md", "docs/runbook.md", "test/stacks.test.ts"], SINGLES)).toEqual([]);
    expect(affectedStacks(["Pulumi.qa.yaml"], SINGLES)).toEqual([]);
  });

  test("stack names come from the Pulumi.<stack>.yaml files", () => {
    const dir = tempDir("stacks-");
    for (const file of [
      "Pulumi.yaml",
      "Pulumi.dev.yaml",
      "Pulumi.prod.yaml",
      "PulumiPolicy.yaml",
      "Pulumi.prod.yaml.bak",
    ])
      writeFileSync(join(dir, file), "");
    expect(stackNames(dir)).toEqual(["dev", "prod"]);
  });
});

describe("policy config per stack", () => {
  test("the committed stacks map to their tier's pack config", () => {
    expect(policyConfigForStack("dev")).toBe("policy/config/dev.json");
    expect(policyConfigForStack("prod")).toBe("policy/config/prod.json");
  });

  test("a stack whose tier has no pack config is an error naming the file to add", () => {
    const dir = tempDir("stacks-");
    writeFileSync(join(dir, "Pulumi.qa.yaml"), "config:\n  slipway:environment: staging\n");
    expect(() => policyConfigForStack("qa", dir)).toThrow(
      'Pulumi.qa.yaml: no policy config for environment "staging": add policy/config/staging.json',
    );
  });
});

describe("policy config of an apps stack", () => {
  const appsStackFile = [
    "config:",
    "  slipway:environment: dev",
    "  slipway:layer: apps",
    "  slipway:apps:",
    "    shop: { image: { repository: ghcr.io/acme/shop, tag: 1.0.0 } }",
    "    cart: { image: { repository: ghcr.io/acme/cart, tag: 1.0.0 } }",
    "",
  ].join("\n");

  test("gets a file of its own: its tier's levels, the isolation rule confining it to its apps' namespaces and the ownership and IAM rules naming the stack, all mandatory", () => {
    const dir = tempDir("stacks-");
    mkdirSync(join(dir, "policy", "config"), { recursive: true });
    writeFileSync(join(dir, "policy", "config", "dev.json"), JSON.stringify({ all: "advisory" }));
    writeFileSync(join(dir, "Pulumi.team-a.yaml"), appsStackFile);
    const file = policyConfigForStack("team-a", dir);
    expect(file).toBe("policy/config/stacks/team-a.json");
    expect(JSON.parse(readFileSync(join(dir, file), "utf8"))).toEqual({
      all: "advisory",
      "apps-stack-isolation": { enforcementLevel: "mandatory", namespaces: ["cart", "shop"] },
      "apps-stack-ownership": { enforcementLevel: "mandatory", stack: "team-a" },
      "apps-stack-iam": { enforcementLevel: "mandatory", stack: "team-a" },
    });
  });

  test("the render judges a stack by the same config; a platform or single stack's leaves the rule nothing to check", () => {
    const raw = { environment: "dev", layer: "apps", apps: { shop: {}, cart: {} } };
    expect(stackPackConfig("team-a", raw, { all: "advisory" }).config["apps-stack-isolation"]).toEqual({
      enforcementLevel: "mandatory",
      namespaces: ["cart", "shop"],
    });
    for (const layer of ["platform", undefined]) {
      const pack = stackPackConfig("main", { environment: "prod", layer, apps: { web: {} } });
      expect(pack).toEqual({ file: "policy/config/prod.json", config: readPackConfig("prod") });
      expect(pack.config).not.toHaveProperty("apps-stack-isolation");
    }
  });
});

describe("stacks CI can reach", () => {
  // A complete EKS stack: the committed dev stack's file.
  const eks = readFileSync("Pulumi.dev.yaml", "utf8");

  test("the committed local stack (a kind context) is left out of CI; the EKS stacks are in", () => {
    expect(ciStacks()).not.toContain("local");
    expect(ciStacks()).toEqual(
      expect.arrayContaining(["dev", "prod", "platform-staging", "shop-staging", "search-staging"]),
    );
  });

  test("a stack is previewed only when it builds an EKS cluster; existing mode, the default, is not", () => {
    const dir = tempDir("stacks-");
    writeFileSync(join(dir, "Pulumi.eu.yaml"), eks);
    writeFileSync(
      join(dir, "Pulumi.laptop.yaml"),
      "config:\n  slipway:environment: dev\n  slipway:cluster:\n    mode: existing\n    context: kind-slipway\n",
    );
    writeFileSync(join(dir, "Pulumi.bare.yaml"), "config:\n  slipway:environment: dev\n");
    expect(ciStacks(dir)).toEqual(["eu"]);
  });

  test("a local stack's change previews nothing; a code change previews only the stacks CI can reach", () => {
    const dir = tempDir("stacks-");
    writeFileSync(join(dir, "Pulumi.eu.yaml"), eks);
    writeFileSync(join(dir, "Pulumi.local.yaml"), "config:\n  slipway:environment: dev\n");
    expect(affectedStacks(["Pulumi.local.yaml"], ciStackGraph(dir))).toEqual([]);
    expect(affectedStacks(["components/app/web.ts"], ciStackGraph(dir))).toEqual(["eu"]);
  });

  test("a stack whose cluster config is invalid is an error naming the file and the key", () => {
    const dir = tempDir("stacks-");
    writeFileSync(
      join(dir, "Pulumi.qa.yaml"),
      "config:\n  slipway:environment: dev\n  slipway:cluster:\n    mode: gke\n",
    );
    expect(() => ciStacks(dir)).toThrow(/Pulumi\.qa\.yaml: invalid stack config:\n {2}slipway:cluster(\.mode)?: /);
  });
});
