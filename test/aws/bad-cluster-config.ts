/** Bad config of the stack's sections and its cluster (network, endpoint, logs, access, node groups), each with the key its error names. */
import { ADDON_VERSIONS } from "../support/aws";
import { apps, eks, type BadConfigCase, type Config } from "./config-error-stacks";

const group = (overrides: Config) => ({
  nodeGroups: { general: { instanceTypes: ["m7i.large"], min: 1, desired: 1, max: 2, ...overrides } },
});
const { coredns: _omitted, ...addonsWithoutCoredns } = ADDON_VERSIONS;
const vpc = {
  vpcId: "vpc-0123456789abcdef0",
  privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
};

export const BAD_CLUSTER_CONFIG: BadConfigCase[] = [
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
];
