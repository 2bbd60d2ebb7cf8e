import { createHash } from "node:crypto";
import { redactedInputs } from "../../tools/harness/inventory";
import { A, eksCluster } from "../support/aws";
import { at, find, ofType, render, T, webApp } from "../support/stack";
import type { RenderResult } from "../../tools/harness/render-stack";

const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
// The mock cloud's registries answer sixteen zeros, then the sha256 of the looked-up reference (mock-digests.ts).
const fakeDigest = (reference: string) =>
  `sha256:${"0".repeat(16)}${createHash("sha256").update(reference).digest("hex").slice(0, 48)}`;
const container = (result: RenderResult, app: string, process = "web") =>
  at(find(result, T.deployment, `${app}-${process}`).inputs, "spec.template.spec.containers")[0];
const podLabels = (result: RenderResult, app: string) =>
  at(find(result, T.deployment, `${app}-web`).inputs, "spec.template.metadata.labels");

describe("ECR registry", () => {
  let result: RenderResult;
  beforeAll(async () => {
    result = await render({
      environment: "dev",
      cluster: eksCluster(),
      registry: { keepTaggedImages: 15, untaggedExpiryDays: 3 },
      apps: {
        web: webApp({ image: { tag: "1.2.3" } }),
        api: webApp({ image: { digest: `sha256:${"a".repeat(64)}` } }),
        site: {
          build: {
            context: "examples/hello",
            dockerfile: "docker/site.Dockerfile",
            target: "runtime",
            args: { NODE_ENV: "production" },
          },
        },
      },
    });
  });

  test("one private repository per app: scanned on push, KMS-encrypted, immutable tags, never force-deleted", () => {
    const repositories = ofType(result, A.repository);
    expect(repositories.map((r) => r.inputs.name).sort()).toEqual([
      "slipway/test/api",
      "slipway/test/site",
      "slipway/test/web",
    ]);
    for (const repository of repositories) {
      expect(repository.inputs).toMatchObject({
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS" }],
        imageTagMutability: "IMMUTABLE",
        forceDelete: false,
      });
    }
  });

  test("the lifecycle policy expires untagged images after D days and keeps the last N tagged, as configured", () => {
    const policy = JSON.parse(find(result, A.lifecycle, "registry-web").inputs.policy as string);
    const byStatus = Object.fromEntries(
      policy.rules.map((rule: { selection: { tagStatus: string } }) => [rule.selection.tagStatus, rule]),
    );
    expect(byStatus.untagged.selection).toEqual({
      tagStatus: "untagged",
      countType: "sinceImagePushed",
      countUnit: "days",
      countNumber: 3,
    });
    expect(byStatus.tagged.selection).toEqual({
      tagStatus: "tagged",
      tagPatternList: ["*"],
      countType: "imageCountMoreThan",
      countNumber: 15,
    });
    for (const rule of policy.rules) expect(rule.action).toEqual({ type: "expire" });
    expect(new Set(policy.rules.map((rule: { rulePriority: number }) => rule.rulePriority)).size).toBe(2);
  });

  test("an image with only a tag (or digest) runs from the app's own repository, the tag pinned by ECR's digest", () => {
    // aws.ecr.getImage is asked by repository name and tag.
    expect(container(result, "web").image).toBe(`${ECR}/slipway/test/web@${fakeDigest("slipway/test/web:1.2.3")}`);
    expect(podLabels(result, "web")["app.kubernetes.io/version"]).toBe("1.2.3");
    expect(container(result, "api").image).toBe(`${ECR}/slipway/test/api@sha256:${"a".repeat(64)}`);
  });

  test("a build is pushed to the app's repository with an ECR token, and the workload runs the pushed digest", () => {
    const image = find(result, A.image, "site-image");
    expect(image.inputs.imageName).toMatch(new RegExp(`^${ECR}/slipway/test/site:build-[0-9a-f]{16}$`));
    expect(image.inputs).toMatchObject({
      build: {
        context: "examples/hello",
        dockerfile: "docker/site.Dockerfile",
        target: "runtime",
        args: { NODE_ENV: "production" },
        platform: "linux/amd64",
        builderVersion: "BuilderBuildKit",
      },
      registry: { server: `https://${ECR}`, username: "AWS" },
    });
    expect(image.secretPaths).toContainEqual(["registry", "password"]);
    expect(JSON.stringify(redactedInputs(image))).not.toContain("mock-ecr-token");
    expect(container(result, "site").image).toMatch(new RegExp(`^${ECR}/slipway/test/site@sha256:[0-9a-f]{64}$`));
    // The version label names the build, as the tag does.
    expect(podLabels(result, "site")["app.kubernetes.io/version"]).toBe(
      String(image.inputs.imageName).split(":").pop(),
    );
  });

  test("a build without a platform targets the node groups' architecture", async () => {
    const arm = await render({
      environment: "dev",
      cluster: eksCluster({
        nodeGroups: { general: { instanceTypes: ["m7g.large"], arch: "arm64", min: 1, desired: 1, max: 2 } },
      }),
      apps: {
        site: { build: { context: "examples/hello" } },
        other: { build: { context: "examples/hello", platform: "linux/amd64" } },
      },
    });
    expect(at(find(arm, A.image, "site-image").inputs, "build")).toMatchObject({
      platform: "linux/arm64",
      dockerfile: "examples/hello/Dockerfile",
    });
    expect(at(find(arm, A.image, "other-image").inputs, "build.platform")).toBe("linux/amd64");
  });

  test("registry.apps limits the repositories; the prefix, encryption and scanning follow config", async () => {
    const limited = await render({
      environment: "dev",
      cluster: eksCluster(),
      registry: { apps: ["web"], repositoryPrefix: "acme/platform", encryption: "aes256", scanOnPush: false },
      apps: { web: webApp({ image: { tag: "1.0.0" } }), other: webApp() },
    });
    expect(ofType(limited, A.repository).map((r) => r.inputs.name)).toEqual(["acme/platform/web"]);
    expect(find(limited, A.repository, "registry-web").inputs).toMatchObject({
      encryptionConfigurations: [{ encryptionType: "AES256" }],
      imageScanningConfiguration: { scanOnPush: false },
    });
    expect(container(limited, "other").image).toBe(`ghcr.io/acme/web@${fakeDigest("ghcr.io/acme/web:1.0.0")}`);
  });
});

describe("local registry", () => {
  test("tag-only images and builds use the local registry: no login, no AWS", async () => {
    const result = await render({
      environment: "dev",
      cluster: { mode: "existing", context: "kind-slipway" },
      registry: { mode: "local", server: "localhost:5001" },
      apps: { web: webApp({ image: { tag: "2.0.0" } }), site: { build: { context: "examples/hello" } } },
    });
    expect(container(result, "web").image).toBe(`localhost:5001/web@${fakeDigest("localhost:5001/web:2.0.0")}`);
    expect(podLabels(result, "web")["app.kubernetes.io/version"]).toBe("2.0.0");
    const image = find(result, A.image, "site-image").inputs;
    expect(image.imageName).toMatch(/^localhost:5001\/site:build-[0-9a-f]{16}$/);
    expect(image.registry).toBeUndefined();
    // The machine that builds is the one running the kind cluster: its native architecture.
    expect(at(image, "build.platform")).toBeUndefined();
    expect(container(result, "site").image).toMatch(/^localhost:5001\/site@sha256:[0-9a-f]{64}$/);
    expect(result.resources.some((r) => r.type.startsWith("aws:"))).toBe(false);
  });
});
