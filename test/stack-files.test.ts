import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readStackFile } from "../tools/harness/stack-file";
import { A } from "./support/aws";
import { ofType, renderStackFile } from "./support/stack";

const stacks = readdirSync(".").filter((file) => /^Pulumi\.[\w-]+\.yaml$/.test(file)).map((file) => file.split(".")[1]).sort();

describe("committed stack files", () => {
  test("dev, prod and local are all there", () => {
    expect(stacks).toEqual(expect.arrayContaining(["dev", "local", "prod"]));
  });

  test.each(stacks)("Pulumi.%s.yaml renders with every Kubernetes object valid", async (stack) => {
    const result = await renderStackFile(stack);
    expect(result.schemaProblems).toEqual([]);
    expect(result.objects.length).toBeGreaterThan(0);
  });

  test.each(stacks)("Pulumi.%s.yaml: every build context exists with its Dockerfile", (stack) => {
    const apps = JSON.parse(readStackFile(`Pulumi.${stack}.yaml`, stack).config["slipway:apps"] ?? "{}");
    for (const app of Object.values(apps) as Array<{ build?: { context: string; dockerfile?: string } }>) {
      if (!app.build) continue;
      expect(existsSync(app.build.dockerfile ?? join(app.build.context, "Dockerfile"))).toBe(true);
    }
  });

  test("dev and prod run on EKS; local on a kind context with no AWS resource at all", async () => {
    // One at a time: each run installs the SDK's (global) mock engine.
    const dev = await renderStackFile("dev");
    const prod = await renderStackFile("prod");
    const local = await renderStackFile("local");
    expect(ofType(dev, A.cluster)).toHaveLength(1);
    expect(ofType(prod, A.cluster)).toHaveLength(1);
    expect(ofType(dev, A.natGateway)).toHaveLength(1);
    expect(ofType(prod, A.natGateway)).toHaveLength(3);
    expect(local.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    expect(ofType(local, A.k8sProvider)[0].inputs).toEqual({ context: "kind-slipway" });
    expect(ofType(local, A.image).map((i) => i.inputs.imageName)).toEqual([expect.stringMatching(/^localhost:5001\/hello:build-[0-9a-f]{16}$/)]);
  });
});
