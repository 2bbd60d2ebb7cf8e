import { policies } from "../policy/policies";
import { APPS_STACK_ISOLATION } from "../policy/policies/apps-stack";
import { evaluatePolicies } from "../tools/harness/policy-eval";
import type { PackConfig } from "../tools/harness/policy-config";
import type { Registration } from "../tools/harness/mock-engine";
import { A, deployment, resource } from "./support/policy";

const isolation = policies.filter((p) => p.name === APPS_STACK_ISOLATION);
const appsStack: PackConfig = { all: "mandatory", [APPS_STACK_ISOLATION]: { namespaces: ["shop", "cart"] } };

async function refused(config: PackConfig, ...resources: Registration[]): Promise<string[]> {
  const verdicts = await evaluatePolicies(resources, "dev", { policies: isolation, config });
  return verdicts.map((v) => `${v.enforcement}: ${v.message}`);
}

/** The trust policy of an IRSA role (components/iam.ts) for one service account. */
const trust = (...subjects: string[]) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "oidc.eks.eu-west-1.amazonaws.com/id/X:sub": subjects.length === 1 ? subjects[0] : subjects,
            "oidc.eks.eu-west-1.amazonaws.com/id/X:aud": "sts.amazonaws.com",
          },
        },
      },
    ],
  });

const object = (apiVersion: string, kind: string, name: string, namespace?: string) =>
  resource(`kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`, name, {
    apiVersion,
    kind,
    metadata: namespace === undefined ? { name } : { name, namespace },
  });

test("namespaced objects in the stack's namespaces, IRSA roles, ECR repositories and non-cloud resources pass", async () => {
  expect(
    await refused(
      appsStack,
      deployment("web"),
      object("v1", "Secret", "web-env", "cart"),
      object("rbac.authorization.k8s.io/v1", "Role", "web-rollout-check", "shop"),
      object("argoproj.io/v1alpha1", "Rollout", "web", "shop"),
      object("gateway.networking.k8s.io/v1", "HTTPRoute", "web", "shop"),
      resource("aws:iam/role:Role", "web-aws", { assumeRolePolicy: trust("system:serviceaccount:shop:web") }),
      resource("aws:iam/rolePolicy:RolePolicy", "web-aws", { policy: "{}" }),
      resource(A.repository, "web", {}),
      resource("aws:ecr/lifecyclePolicy:LifecyclePolicy", "web", {}),
      resource("pulumi:providers:kubernetes", "platform", {}),
      resource("pulumi:pulumi:StackReference", "platform", { name: "acme/slipway/platform-prod" }),
      resource("random:index/randomBytes:RandomBytes", "name-key", { length: 32 }),
    ),
  ).toEqual([]);
});

test("cluster-scoped objects are refused, naming the object", async () => {
  expect(
    await refused(
      appsStack,
      object("rbac.authorization.k8s.io/v1", "ClusterRole", "admin-ish"),
      object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "admin-ish"),
      object("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.acme.io"),
      object("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "inject"),
      object("scheduling.k8s.io/v1", "PriorityClass", "urgent"),
      // A namespace on a cluster-scoped kind changes nothing: the API server ignores it.
      object("argoproj.io/v1alpha1", "ClusterAnalysisTemplate", "shared", "shop"),
    ),
  ).toEqual([
    "mandatory: ClusterRole admin-ish: ClusterRole is cluster-scoped (apps-stack-isolation)",
    "mandatory: ClusterRoleBinding admin-ish: ClusterRoleBinding is cluster-scoped (apps-stack-isolation)",
    "mandatory: CustomResourceDefinition widgets.acme.io: CustomResourceDefinition is cluster-scoped (apps-stack-isolation)",
    "mandatory: MutatingWebhookConfiguration inject: MutatingWebhookConfiguration is cluster-scoped (apps-stack-isolation)",
    "mandatory: PriorityClass urgent: PriorityClass is cluster-scoped (apps-stack-isolation)",
    "mandatory: ClusterAnalysisTemplate shared: ClusterAnalysisTemplate is cluster-scoped (apps-stack-isolation)",
  ]);
});

test("namespaced objects elsewhere, or with no namespace (they would land in default), are refused", async () => {
  expect(
    await refused(
      appsStack,
      object("v1", "ConfigMap", "loose"),
      object("v1", "Secret", "stolen", "payments"),
      object("rbac.authorization.k8s.io/v1", "RoleBinding", "sneaky", "kube-system"),
    ),
  ).toEqual([
    "mandatory: ConfigMap loose: no metadata.namespace: it would land in the provider's default namespace (apps-stack-isolation)",
    "mandatory: Secret stolen: namespace payments is not one of this apps stack's (apps-stack-isolation)",
    "mandatory: RoleBinding sneaky: namespace kube-system is not one of this apps stack's (apps-stack-isolation)",
  ]);
});

test("Namespaces, even its own, unknown kinds and Helm charts are refused", async () => {
  expect(
    await refused(
      appsStack,
      object("v1", "Namespace", "shop"),
      object("v1", "Namespace", "payments"),
      object("widgets.acme.io/v1", "Widget", "w", "shop"),
      resource("kubernetes:helm.sh/v3:Release", "redis", { chart: "redis", namespace: "shop" }),
    ),
  ).toEqual([
    "mandatory: Namespace shop: the platform stack creates the app stacks' namespaces (slipway:cluster.access.appStacks) (apps-stack-isolation)",
    "mandatory: Namespace payments: the platform stack creates the app stacks' namespaces (slipway:cluster.access.appStacks) (apps-stack-isolation)",
    "mandatory: Widget w: widgets.acme.io/v1 Widget is of no known scope; only namespaced kinds are allowed (apps-stack-isolation)",
    "mandatory: kubernetes:helm.sh/v3:Release redis: a Helm chart or manifest install, whose objects the pack cannot check: the platform stack installs charts (apps-stack-isolation)",
  ]);
});

test("cloud resources other than IRSA roles and ECR repositories are refused", async () => {
  expect(
    await refused(
      appsStack,
      resource("aws:eks/accessEntry:AccessEntry", "me-too", { principalArn: "arn:aws:iam::123456789012:role/x" }),
      resource("aws:ec2/vpc:Vpc", "mine", { cidrBlock: "10.1.0.0/16" }),
      resource(A.bucket, "data", {}),
    ),
  ).toEqual([
    "mandatory: aws:eks/accessEntry:AccessEntry me-too: an apps stack owns no cloud resource but IRSA roles and ECR repositories (apps-stack-isolation)",
    "mandatory: aws:ec2/vpc:Vpc mine: an apps stack owns no cloud resource but IRSA roles and ECR repositories (apps-stack-isolation)",
    "mandatory: aws:s3/bucket:Bucket data: an apps stack owns no cloud resource but IRSA roles and ECR repositories (apps-stack-isolation)",
  ]);
});

test("an IAM role is refused unless only service accounts in the stack's namespaces can assume it (IRSA)", async () => {
  const role = (name: string, assumeRolePolicy: string) => resource("aws:iam/role:Role", name, { assumeRolePolicy });
  const accountTrust = JSON.stringify({
    Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }],
  });
  expect(
    await refused(
      appsStack,
      role("both-own", trust("system:serviceaccount:shop:web", "system:serviceaccount:cart:worker")),
      role("elsewhere", trust("system:serviceaccount:shop:web", "system:serviceaccount:payments:api")),
      role(
        "any-namespace",
        trust("system:serviceaccount:shop:web").replace("StringEquals", "StringLike").replace("shop", "*"),
      ),
      role("account", accountTrust),
    ),
  ).toEqual(
    ["elsewhere", "any-namespace", "account"].map(
      (name) =>
        `mandatory: aws:iam/role:Role ${name}: a role here is an IRSA role, trusted only by service accounts in this apps stack's namespaces (apps-stack-isolation)`,
    ),
  );
});

test("a stack whose config names no namespaces is not an apps stack: nothing is checked", async () => {
  const cluster = object("rbac.authorization.k8s.io/v1", "ClusterRole", "platform");
  expect(await refused({ all: "mandatory" }, cluster, resource(A.bucket, "data", {}))).toEqual([]);
  // An apps stack with no apps yet still has every namespaced object refused.
  expect(await refused({ [APPS_STACK_ISOLATION]: { namespaces: [] } }, deployment("web"))).toEqual([
    "advisory: Deployment web: namespace shop is not one of this apps stack's (apps-stack-isolation)",
  ]);
});

test("a Service of type LoadBalancer or NodePort, or with externalIPs, is refused; ClusterIP passes", async () => {
  const service = (name: string, spec: Record<string, unknown>) =>
    resource("kubernetes:core/v1:Service", name, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: "shop" },
      spec,
    });
  expect(
    await refused(
      appsStack,
      service("web", { type: "ClusterIP", ports: [{ port: 80 }] }),
      service("plain", { ports: [{ port: 80 }] }),
      service("public", { type: "LoadBalancer", ports: [{ port: 443 }] }),
      service("on-nodes", { type: "NodePort", ports: [{ port: 443, nodePort: 30443 }] }),
      service("capture", { ports: [{ port: 443 }], externalIPs: ["203.0.113.10"] }),
    ),
  ).toEqual([
    `mandatory: Service public: a Service of type LoadBalancer: apps stacks are reached through the platform's router (use ClusterIP) (${APPS_STACK_ISOLATION})`,
    `mandatory: Service on-nodes: a Service of type NodePort: apps stacks are reached through the platform's router (use ClusterIP) (${APPS_STACK_ISOLATION})`,
    `mandatory: Service capture: a Service with externalIPs, which would take traffic for addresses the platform owns (${APPS_STACK_ISOLATION})`,
  ]);
});
