/**
 * Root on a node, and the other ways around the pack, tried with kubectl: each hostile object is
 * refused by the platform's ValidatingAdmissionPolicies in a tenant namespace (their CEL evaluated
 * offline), directly and through a Deployment's pod template; the same object is admitted in a
 * namespace without the tenant label, so each refusal comes from the tenant binding. Every object a
 * committed stack renders is admitted (support/committed-stack.ts).
 */
import { policyObjects, ADMISSION_NAMESPACE, PARAMS_NAME } from "../components/platform/admission/tenant-match";
import { TENANT_POLICIES } from "../components/platform/admission/policies";
import { admissionParams } from "../components/platform/admission/params";
import { validateObjects } from "../tools/harness/k8s-schema";
import { admissionDenials, type K8sObject } from "../tools/harness/admission/evaluate";
import { TENANT_LABEL } from "../config/labels";

const ACCOUNT = "123456789012";
const ECR = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`;
const DIGEST = `@sha256:${"a".repeat(64)}`;
/** The check images as a platform that resolved them publishes them (components/platform/check-images.ts). */
const CLI = `quay.io/argoproj/kubectl-argo-rollouts:v1.9.0@sha256:${"b".repeat(64)}`;
const CURL = `curlimages/curl:8.16.0@sha256:${"c".repeat(64)}`;

function cluster(environment: "prod" | "dev", checkImages = [CLI, CURL]): K8sObject[] {
  const labels = { "app.kubernetes.io/part-of": "slipway-platform" };
  const data = {
    ...(admissionParams({
      digestsRequired: environment === "prod",
      ownRegistries: [ECR],
      allowedRegistries: ["ghcr.io/acme"],
      checkImages,
    }) as Record<string, string>),
    // What admissionParams writes on EKS (an Output there): the account's app role path.
    "irsa-role-arn-prefix": `arn:aws:iam::${ACCOUNT}:role/slipway/apps/`,
  };
  const namespace = (name: string, tenant?: string): K8sObject => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: tenant ? { [TENANT_LABEL]: tenant } : {} },
  });
  return [
    ...TENANT_POLICIES.flatMap((policy) => {
      const { vap, binding } = policyObjects(policy, labels);
      return [vap, binding] as K8sObject[];
    }),
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: PARAMS_NAME, namespace: ADMISSION_NAMESPACE }, data },
    namespace("shop", "shop-staging"),
    namespace("search", "search-staging"),
    namespace("kube-system"),
  ];
}

const container = (overrides: Record<string, unknown> = {}) => ({
  name: "app",
  image: `ghcr.io/acme/web${DIGEST}`,
  ...overrides,
});

function pod(spec: Record<string, unknown>, namespace = "shop"): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "attack", namespace },
    spec: { containers: [container()], ...spec },
  };
}

function deployment(spec: Record<string, unknown>, namespace = "shop"): K8sObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "attack", namespace },
    spec: {
      selector: { matchLabels: { app: "attack" } },
      template: { metadata: { labels: { app: "attack" } }, spec: { containers: [container()], ...spec } },
    },
  };
}

function hostPidJob(namespace = "shop"): K8sObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "attack", namespace },
    spec: { template: { spec: { restartPolicy: "Never", hostPID: true, containers: [container()] } } },
  };
}

const denied = (objects: K8sObject[], object: K8sObject) =>
  admissionDenials({ objects }, { operation: "CREATE", object }).map((d) => d.policy);

const POD_ATTACKS: Array<[string, Record<string, unknown>, string, "prod" | "dev"]> = [
  [
    "a privileged container",
    { containers: [container({ securityContext: { privileged: true } })] },
    "slipway-tenant-host-access",
    "dev",
  ],
  ["hostPath / mounted", { volumes: [{ name: "root", hostPath: { path: "/" } }] }, "slipway-tenant-host-access", "dev"],
  ["hostPID", { hostPID: true }, "slipway-tenant-host-access", "dev"],
  ["hostNetwork", { hostNetwork: true }, "slipway-tenant-host-access", "dev"],
  [
    "a host port",
    { containers: [container({ ports: [{ containerPort: 80, hostPort: 80 }] })] },
    "slipway-tenant-host-access",
    "dev",
  ],
  [
    "an image from docker.io",
    { containers: [container({ image: `busybox${DIGEST}` })] },
    "slipway-tenant-image-sources",
    "dev",
  ],
  [
    "a look-alike registry",
    { containers: [container({ image: `ghcr.io/acme-evil/web${DIGEST}` })] },
    "slipway-tenant-image-sources",
    "dev",
  ],
  [
    "a tag-only image in prod",
    { containers: [container({ image: "ghcr.io/acme/web:1.0.0" })] },
    "slipway-tenant-image-sources",
    "prod",
  ],
  [
    "an init container from docker.io",
    { initContainers: [container({ image: "alpine:3" })] },
    "slipway-tenant-image-sources",
    "dev",
  ],
];

describe.each(POD_ATTACKS)("%s", (_what, spec, policy, environment) => {
  const objects = cluster(environment);

  test.each([
    ["a Pod", pod(spec)],
    ["a Deployment's pod template", deployment(spec)],
  ])("is refused in a tenant namespace as %s", (_kind, object) => {
    expect(denied(objects, object)).toEqual([policy]);
  });

  test("is admitted where no tenant binding applies, so the refusal is the tenant policy's", () => {
    expect(denied(objects, deployment(spec, "kube-system"))).toEqual([]);
  });
});

test("a hostPID Job is refused, and the same Job without hostPID is admitted", () => {
  const objects = cluster("dev");
  expect(denied(objects, hostPidJob())).toEqual(["slipway-tenant-host-access"]);
  const job = hostPidJob();
  delete (job.spec as any).template.spec.hostPID;
  expect(denied(objects, job)).toEqual([]);
});

test("a pod from the platform's ECR registry, by digest, is admitted in prod; by tag only in dev", () => {
  const byDigest = pod({ containers: [container({ image: `${ECR}/slipway/shop-staging/web${DIGEST}` })] });
  const byTag = pod({ containers: [container({ image: `${ECR}/slipway/shop-staging/web:1.0.0` })] });
  expect(denied(cluster("prod"), byDigest)).toEqual([]);
  expect(denied(cluster("prod"), byTag)).toEqual(["slipway-tenant-image-sources"]);
  expect(denied(cluster("dev"), byTag)).toEqual([]);
});

test("a check image is admitted from its own registry only as the exact reference the platform resolved, and in prod only by digest", () => {
  const check = (image: string) => pod({ containers: [container({ image })] });
  for (const environment of ["prod", "dev"] as const) {
    expect(denied(cluster(environment), check(CLI))).toEqual([]);
    expect(denied(cluster(environment), check(CURL))).toEqual([]);
    // Another digest of the same tag (a second lookup after the tag moved), or another image there.
    expect(denied(cluster(environment), check(CLI.replace(/b{64}$/, "d".repeat(64))))).toEqual([
      "slipway-tenant-image-sources",
    ]);
    expect(denied(cluster(environment), check(`quay.io/argoproj/argocd:v3.1.0${DIGEST}`))).toEqual([
      "slipway-tenant-image-sources",
    ]);
  }
  // A lookup that failed leaves the tag in the parameters: dev admits it, prod requires a digest.
  const tagOnly = ["quay.io/argoproj/kubectl-argo-rollouts:v1.9.0", "curlimages/curl:8.16.0"];
  expect(denied(cluster("dev", tagOnly), check("curlimages/curl:8.16.0"))).toEqual([]);
  expect(denied(cluster("prod", tagOnly), check("curlimages/curl:8.16.0"))).toEqual(["slipway-tenant-image-sources"]);
});

function service(spec: Record<string, unknown>): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "attack", namespace: "shop" },
    spec: { ports: [{ port: 80 }], ...spec },
  };
}

test.each([
  ["type LoadBalancer", { type: "LoadBalancer" }],
  ["type NodePort", { type: "NodePort" }],
  ["externalIPs", { externalIPs: ["198.51.100.7"] }],
])("a Service with %s is refused; a ClusterIP Service is admitted", (_what, spec) => {
  const objects = cluster("dev");
  expect(denied(objects, service(spec))).toEqual(["slipway-tenant-service-exposure"]);
  expect(denied(objects, service({ type: "ClusterIP" }))).toEqual([]);
});

function roleBinding(kind: string, name: string): K8sObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "attack", namespace: "shop" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind, name },
    subjects: [{ kind: "ServiceAccount", name: "default", namespace: "shop" }],
  };
}

test("a RoleBinding to cluster-admin is refused; to the deploy ClusterRole or the namespace's own Role it is admitted", () => {
  const objects = cluster("dev");
  expect(denied(objects, roleBinding("ClusterRole", "cluster-admin"))).toEqual(["slipway-tenant-role-bindings"]);
  expect(denied(objects, roleBinding("ClusterRole", "admin"))).toEqual(["slipway-tenant-role-bindings"]);
  expect(denied(objects, roleBinding("ClusterRole", "slipway-app-deployer"))).toEqual([]);
  expect(denied(objects, roleBinding("Role", "cluster-admin"))).toEqual([]);
});

function serviceAccount(roleArn: string, namespace = "shop"): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "web", namespace, annotations: { "eks.amazonaws.com/role-arn": roleArn } },
  };
}

test("a ServiceAccount annotated with another team's IRSA role, or a platform role, is refused; with its own team's it is admitted", () => {
  const objects = cluster("dev");
  const role = (path: string) => `arn:aws:iam::${ACCOUNT}:role${path}web-aws-1a2b3c4`;
  expect(denied(objects, serviceAccount(role("/slipway/apps/search-staging/")))).toEqual(["slipway-tenant-irsa-roles"]);
  // "shop-staging" is a prefix of "shop-staging-x": the path's closing slash keeps them apart.
  expect(denied(objects, serviceAccount(role("/slipway/apps/shop-staging-x/")))).toEqual(["slipway-tenant-irsa-roles"]);
  expect(denied(objects, serviceAccount(role("/")))).toEqual(["slipway-tenant-irsa-roles"]);
  expect(denied(objects, serviceAccount(role("/slipway/apps/shop-staging/")))).toEqual([]);
  expect(denied(objects, serviceAccount(role("/slipway/apps/search-staging/"), "search"))).toEqual([]);
});

test("without its parameters ConfigMap every policy that reads them refuses (parameterNotFoundAction Deny)", () => {
  const objects = cluster("dev").filter((o) => o.kind !== "ConfigMap");
  expect(denied(objects, pod({}))).toEqual(["slipway-tenant-image-sources"]);
});

test("the policies and bindings are valid admissionregistration.k8s.io/v1 objects (Kubernetes OpenAPI schema)", () => {
  const objects = cluster("prod").filter((o) => o.apiVersion.startsWith("admissionregistration"));
  expect(objects).toHaveLength(2 * TENANT_POLICIES.length);
  expect(validateObjects(objects)).toEqual(objects.map(() => []));
});

test("on a kubeconfig cluster, whose parameters name no AWS account, the IRSA annotation is left to the role's trust policy", () => {
  const objects = cluster("dev").map((o) => {
    if (o.kind !== "ConfigMap") return o;
    const { "irsa-role-arn-prefix": _prefix, ...data } = o.data as Record<string, string>;
    return { ...o, data };
  });
  expect(denied(objects, serviceAccount(`arn:aws:iam::${ACCOUNT}:role/team-owned`))).toEqual([]);
});
