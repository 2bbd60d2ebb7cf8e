import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { affectedStacks, ciStacks, policyConfigForStack, stackNames } from "../tools/ci/stacks";
import { tempDir } from "./support/temp-dir";

const STACKS = ["dev", "prod", "staging"];

describe("affected stacks", () => {
  test("a stack file change affects only that stack", () => {
    expect(affectedStacks(["Pulumi.prod.yaml"], STACKS)).toEqual(["prod"]);
    expect(affectedStacks(["Pulumi.staging.yaml", "Pulumi.dev.yaml"], STACKS)).toEqual(["dev", "staging"]);
  });

  test("a program, component, policy, lockfile or workflow change affects every stack", () => {
    for (const file of [
      "components/app/workload.ts",
      "policy/policies/production.ts",
      "package-lock.json",
      "Pulumi.yaml",
      ".github/workflows/deploy.yml",
    ]) {
      expect([file, affectedStacks(["README.md", file], STACKS)]).toEqual([file, STACKS]);
    }
  });

  test("documentation and tests affect none; a deleted stack's file is not previewed", () => {
    expect(affectedStacks(["README.md", "docs/runbook.md", "test/stacks.test.ts"], STACKS)).toEqual([]);
    expect(affectedStacks(["Pulumi.qa.yaml"], STACKS)).toEqual([]);
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

describe("stacks CI can reach", () => {
  // A complete EKS stack: the committed dev stack's file.
  const eks = readFileSync("Pulumi.dev.yaml", "utf8");

  test("the committed local stack (a kind context) is left out of CI; the EKS stacks are in", () => {
    expect(ciStacks()).not.toContain("local");
    expect(ciStacks()).toEqual(expect.arrayContaining(["dev", "prod", "platform-staging"]));
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
    expect(affectedStacks(["Pulumi.local.yaml"], ciStacks(dir))).toEqual([]);
    expect(affectedStacks(["components/app/web.ts"], ciStacks(dir))).toEqual(["eu"]);
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
