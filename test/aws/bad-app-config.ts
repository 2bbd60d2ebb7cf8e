/** Bad config of the registry, the artifact stores and the apps (images, builds, AWS access), each with the key its error names. */
import { eksCluster } from "../support/aws";
import { webApp } from "../support/stack";
import { apps, eks, withApp, type BadConfigCase } from "./config-error-stacks";

export const BAD_APP_CONFIG: BadConfigCase[] = [
  [
    "ECR next to an existing cluster",
    "slipway:registry.mode",
    "slipway:cluster.mode is not eks",
    { environment: "dev", registry: { mode: "ecr" }, apps },
  ],
  [
    "a local registry next to EKS",
    "slipway:registry.mode",
    "slipway:cluster.mode is eks",
    eks({}, { registry: { mode: "local", server: "localhost:5001" } }),
  ],
  [
    "a local registry without a server",
    "slipway:registry.server",
    "required when mode is local",
    { environment: "dev", registry: { mode: "local" }, apps },
  ],
  [
    "a server for ECR",
    "slipway:registry.server",
    "applies only when mode is local",
    eks({}, { registry: { server: "localhost:5001" } }),
  ],
  [
    "a repository for an app that does not exist",
    "slipway:registry.apps[0]",
    'no app named "wbe"',
    eks({}, { registry: { apps: ["wbe"] } }),
  ],
  [
    "keeping zero images",
    "slipway:registry.keepTaggedImages",
    "from 1 to 10000",
    eks({}, { registry: { keepTaggedImages: 0 } }),
  ],
  [
    "buckets next to an existing cluster",
    "slipway:artifacts.buckets",
    "slipway:cluster.mode is not eks",
    { environment: "dev", artifacts: { buckets: { logs: {} } }, apps },
  ],
  [
    "an unknown bucket encryption",
    "slipway:artifacts.encryption",
    "kms or s3",
    eks({}, { artifacts: { encryption: "sse" } }),
  ],
  [
    "an invalid bucket name",
    "slipway:artifacts.buckets.logs.name",
    "S3 bucket name",
    eks({}, { artifacts: { buckets: { logs: { name: "My_Bucket" } } } }),
  ],
  [
    "an app with neither image nor build",
    "slipway:apps.web.image",
    "expected an image or a build",
    withApp({ port: 8080 }),
  ],
  [
    "an app with both image and build",
    "slipway:apps.web.build",
    "slipway:apps.web.image is also set",
    withApp({ ...webApp(), build: { context: "apps/web" } }),
  ],
  [
    "a build without a context",
    "slipway:apps.web.build.context",
    "relative to the project",
    withApp({ build: { dockerfile: "Dockerfile" } }),
  ],
  [
    "an absolute build context",
    "slipway:apps.web.build.context",
    "not absolute",
    withApp({ build: { context: "/home/me/web" } }),
  ],
  [
    "a credential as a build argument",
    "slipway:apps.web.build.args.NPM_TOKEN",
    "image's history",
    withApp({ build: { context: "apps/web", args: { NPM_TOKEN: "x" } } }),
  ],
  [
    "a build with mixed node architectures",
    "slipway:apps.web.build.platform",
    "both architectures",
    withApp(
      { build: { context: "apps/web" } },
      {
        cluster: eksCluster({
          nodeGroups: {
            amd: { instanceTypes: ["m7i.large"], min: 1, desired: 1, max: 2 },
            arm: { instanceTypes: ["m7g.large"], arch: "arm64", min: 1, desired: 1, max: 2 },
          },
        }),
      },
    ),
  ],
  [
    "a tag-only image without a registry",
    "slipway:apps.web.image",
    "slipway:registry.mode is off",
    { environment: "dev", apps: { web: { image: { tag: "1.0.0" } } } },
  ],
  [
    "a build for an app without a repository",
    "slipway:apps.web.build",
    'add "web" to slipway:registry.apps',
    withApp(
      { build: { context: "apps/web" } },
      { apps: { web: { build: { context: "apps/web" } }, api: webApp() }, registry: { apps: ["api"] } },
    ),
  ],
  ["an unpinned tag-only image", "slipway:apps.web.image.tag", "latest", withApp({ image: { tag: "latest" } })],
  [
    "aws access and an external role",
    "slipway:apps.web.aws",
    "slipway:apps.web.serviceAccount.iamRoleArn",
    withApp(
      webApp({
        aws: { buckets: { logs: "read" } },
        serviceAccount: { iamRoleArn: "arn:aws:iam::123456789012:role/web" },
      }),
      { artifacts: { buckets: { logs: {} } } },
    ),
  ],
  [
    "access to a bucket that does not exist",
    "slipway:apps.web.aws.buckets.logz",
    'no bucket named "logz"',
    withApp(webApp({ aws: { buckets: { logz: "read" } } }), { artifacts: { buckets: { logs: {} } } }),
  ],
  [
    "an unknown access level",
    "slipway:apps.web.aws.buckets.logs",
    "read or readWrite",
    withApp(webApp({ aws: { buckets: { logs: "write" } } }), { artifacts: { buckets: { logs: {} } } }),
  ],
  ["aws access with no grant", "slipway:apps.web.aws", "at least one grant", withApp(webApp({ aws: { buckets: {} } }))],
  [
    "aws access on an existing cluster",
    "slipway:apps.web.aws",
    "slipway:cluster.mode eks",
    { environment: "dev", apps: { web: webApp({ aws: { buckets: { logs: "read" } } }) } },
  ],
];
