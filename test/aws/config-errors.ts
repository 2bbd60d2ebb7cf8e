import { ADDON_VERSIONS, eksCluster } from "../support/aws";
import { rejected } from "../support/stack";
import { webApp } from "../support/stack";

type Config = Record<string, unknown>;
const apps = { web: webApp() };
const eks = (cluster: Config, extra: Config = {}): Config => ({
  environment: "dev",
  cluster: eksCluster(cluster),
  apps,
  ...extra,
});
const withApp = (web: Config, extra: Config = {}): Config => ({
  environment: "dev",
  cluster: eksCluster(),
  apps: { web },
  ...extra,
});
const group = (overrides: Config) => ({
  nodeGroups: { general: { instanceTypes: ["m7i.large"], min: 1, desired: 1, max: 2, ...overrides } },
});
const { coredns: _omitted, ...addonsWithoutCoredns } = ADDON_VERSIONS;
const vpc = {
  vpcId: "vpc-0123456789abcdef0",
  privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
};

const cases: Array<[string, string, string, Config]> = [
  ["a misspelt section", "slipway:registy", 'did you mean "registry"', { environment: "dev", registy: {}, apps }],
  [
    "unknown cluster mode",
    "slipway:cluster.mode",
    "expected mode: eks",
    { environment: "dev", cluster: { mode: "ek" }, apps },
  ],
  [
    "a node group AMI release for another Kubernetes minor",
    "slipway:cluster.nodeGroups.general.releaseVersion",
    "expected a release for Kubernetes 1.33 (slipway:cluster.version), got 1.32.13-20260714",
    eks(group({ releaseVersion: "1.32.13-20260714" })),
  ],
  [
    "a Kubernetes minor with no reviewed AMI release and no pin",
    "slipway:cluster.nodeGroups.general.releaseVersion",
    "expected a pinned EKS AMI release: Slipway has reviewed none for Kubernetes 1.99",
    eks({ version: "1.99", ...group({}) }),
  ],
  [
    "eks without a version",
    "slipway:cluster.version",
    "Kubernetes minor version",
    { environment: "dev", cluster: { mode: "eks", addons: ADDON_VERSIONS }, apps },
  ],
  ["version as a YAML number", "slipway:cluster.version", "quote it", eks({ version: 1.33 })],
  [
    "an add-on version missing",
    "slipway:cluster.addons.coredns",
    "EKS add-on version",
    eks({ addons: addonsWithoutCoredns }),
  ],
  [
    "an unpinned add-on version",
    "slipway:cluster.addons.vpc-cni",
    "v1.19.6-eksbuild.7",
    eks({ addons: { ...ADDON_VERSIONS, "vpc-cni": "latest" } }),
  ],
  ["a typo in a cluster key", "slipway:cluster.verison", 'did you mean "version"', eks({ verison: "1.33" })],
  [
    "context in eks mode",
    "slipway:cluster.context",
    "applies only when mode is existing",
    eks({ context: "kind-slipway" }),
  ],
  [
    "node groups in existing mode",
    "slipway:cluster.nodeGroups",
    "applies only when mode is eks",
    { environment: "dev", cluster: { mode: "existing", nodeGroups: {} }, apps },
  ],
  [
    "one availability zone",
    "slipway:cluster.network.availabilityZones",
    "from 2 to 6",
    eks({ network: { availabilityZones: 1 } }),
  ],
  [
    "a VPC too small for the layout",
    "slipway:cluster.network.cidr",
    "from /16 to /20",
    eks({ network: { cidr: "10.0.0.0/24" } }),
  ],
  [
    "a VPC CIDR with host bits",
    "slipway:cluster.network.cidr",
    "host bits zero",
    eks({ network: { cidr: "10.0.1.0/16" } }),
  ],
  [
    "an unknown NAT layout",
    "slipway:cluster.network.natGateways",
    "single or perZone",
    eks({ network: { natGateways: "many" } }),
  ],
  [
    "existing VPC plus a CIDR",
    "slipway:cluster.network.cidr",
    "slipway:cluster.network.existingVpc",
    eks({ network: { existingVpc: vpc, cidr: "10.0.0.0/16" } }),
  ],
  [
    "existing VPC with one private subnet",
    "slipway:cluster.network.existingVpc.privateSubnetIds",
    "at least two",
    eks({ network: { existingVpc: { ...vpc, privateSubnetIds: ["subnet-0123456789abcdef0"] } } }),
  ],
  [
    "an API server open to the internet in prod",
    "slipway:cluster.endpoint.publicAccessCidrs",
    "specific CIDRs in prod",
    { ...eks({ endpoint: { publicAccessCidrs: ["0.0.0.0/0"] } }), environment: "prod" },
  ],
  [
    "audit logs left out",
    "slipway:cluster.logTypes",
    "api, audit, authenticator",
    eks({ logTypes: ["api", "authenticator"] }),
  ],
  [
    "a retention CloudWatch does not offer",
    "slipway:cluster.logRetentionDays",
    "one of 1, 3, 5, 7, 14",
    eks({ logRetentionDays: 10 }),
  ],
  [
    "an admin that is not an IAM ARN",
    "slipway:cluster.access.admins[0]",
    "IAM role or user ARN",
    eks({ access: { admins: ["alice"] } }),
  ],
  [
    "desired above max",
    "slipway:cluster.nodeGroups.general.desired",
    "expected desired ≤ max (2)",
    eks(group({ desired: 3 })),
  ],
  [
    "spot with one instance type",
    "slipway:cluster.nodeGroups.general.instanceTypes",
    "at least two instance types for spot",
    eks(group({ capacityType: "spot" })),
  ],
  [
    "an x86 instance type in an arm64 group",
    "slipway:cluster.nodeGroups.general.instanceTypes[0]",
    "arm64 instance type",
    eks(group({ arch: "arm64" })),
  ],
  [
    "a taint effect Kubernetes lacks",
    "slipway:cluster.nodeGroups.general.taints[0].effect",
    "NoSchedule",
    eks(group({ taints: [{ key: "pool", effect: "NoRun" }] })),
  ],
  [
    "a reserved label prefix",
    "slipway:cluster.nodeGroups.general.labels.node.kubernetes.io/pool",
    "reserved",
    eks(group({ labels: { "node.kubernetes.io/pool": "a" } })),
  ],
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

describe("bad infrastructure config", () => {
  test.each(cases)("%s: names %s and registers nothing", async (_case, key, fragment, config) => {
    const { messages, registered } = await rejected(config);
    const problem = messages.find((m) => m.startsWith(`${key}: `));
    expect({ problem, messages }).toEqual({ problem: expect.stringContaining(fragment), messages });
    expect(registered).toEqual([]);
  });

  test("every problem across sections is reported at once", async () => {
    const { messages } = await rejected({
      environment: "prod",
      cluster: eksCluster({
        version: "latest",
        nodeGroups: { general: { instanceTypes: ["m7i.large"], min: 2, desired: 1, max: 3 } },
      }),
      registry: { untaggedExpiryDays: 0 },
      artifacts: { buckets: { Logs: {} } },
      apps: { web: { port: 8080 } },
    });
    expect(messages.map((m) => m.split(": ")[0]).sort()).toEqual([
      "slipway:apps.web.image",
      "slipway:artifacts.buckets.Logs",
      "slipway:cluster.nodeGroups.general.desired",
      "slipway:cluster.version",
      "slipway:registry.untaggedExpiryDays",
    ]);
  });
});
