/**
 * One team reading another's Secrets Manager secrets through External Secrets, tried with kubectl:
 * every way an ExternalSecret can name a store (spec.secretStoreRef, and each data[] / dataFrom[]
 * sourceRef.storeRef, external-secrets v0.20.4's externalsecrets CRD) is refused unless it names the
 * team's own ClusterSecretStore, and a namespaced SecretStore is refused outright, by the platform's
 * ValidatingAdmissionPolicy evaluated offline. No render: the policy objects alone.
 */
import { policyObjects } from "../components/platform/admission/tenant-match";
import { EXTERNAL_SECRET_STORES } from "../components/platform/admission/external-secret-stores";
import { admissionDenials, type K8sObject } from "../tools/harness/admission/evaluate";
import { validateObjects } from "../tools/harness/k8s-schema";
import { TENANT_LABEL } from "../config/labels";

const { vap, binding } = policyObjects(EXTERNAL_SECRET_STORES, {});
const namespace = (name: string, tenant?: string): K8sObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels: tenant ? { [TENANT_LABEL]: tenant } : {} },
});
const cluster = {
  objects: [vap, binding, namespace("shop", "shop-staging"), namespace("search", "search-staging"), namespace("ops")],
};

function denied(object: K8sObject): string[] {
  return admissionDenials(cluster, { operation: "CREATE", object }).map((d) => d.message);
}

type StoreRef = { name: string; kind?: string };
const OWN: StoreRef = { name: "slipway-secrets-shop-staging", kind: "ClusterSecretStore" };
const OTHER: StoreRef = { name: "slipway-secrets-search-staging", kind: "ClusterSecretStore" };

function externalSecret(spec: Record<string, unknown>, namespace = "shop"): K8sObject {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name: "db", namespace },
    spec: { target: { name: "db" }, ...spec },
  };
}
const data = (storeRef?: StoreRef) => [
  { secretKey: "password", remoteRef: { key: "db" }, ...(storeRef ? { sourceRef: { storeRef } } : {}) },
];

test("an ExternalSecret through its team's own ClusterSecretStore is admitted", () => {
  expect(denied(externalSecret({ secretStoreRef: OWN, data: data() }))).toEqual([]);
  expect(denied(externalSecret({ data: data(OWN) }))).toEqual([]);
  expect(denied(externalSecret({ dataFrom: [{ extract: { key: "db" }, sourceRef: { storeRef: OWN } }] }))).toEqual([]);
});

test.each([
  ["names another team's store", { secretStoreRef: OTHER, data: data() }],
  ["names another team's store for one key only", { secretStoreRef: OWN, data: data(OTHER) }],
  [
    "names another team's store in dataFrom",
    { secretStoreRef: OWN, dataFrom: [{ extract: { key: "db" }, sourceRef: { storeRef: OTHER } }] },
  ],
  [
    "names a namespaced SecretStore of its own name",
    { secretStoreRef: { name: OWN.name, kind: "SecretStore" }, data: data() },
  ],
  // The CRD's default kind is SecretStore, so a reference without one is a namespaced store's.
  ["leaves the kind out", { secretStoreRef: { name: OWN.name }, data: data() }],
  [
    "names a store whose name only starts with its own",
    { secretStoreRef: { ...OWN, name: `${OWN.name}-x` }, data: data() },
  ],
])("a tenant ExternalSecret that %s is refused", (_what, spec) => {
  expect(denied(externalSecret(spec))).toEqual([expect.stringContaining("its team's ClusterSecretStore")]);
});

test("the same ExternalSecret naming the other team's store is that team's own there", () => {
  expect(denied(externalSecret({ secretStoreRef: OTHER, data: data() }, "search"))).toEqual([]);
});

test("a namespaced SecretStore in a tenant namespace is refused; outside tenant namespaces the policy does not apply", () => {
  const store = (ns: string): K8sObject => ({
    apiVersion: "external-secrets.io/v1",
    kind: "SecretStore",
    metadata: { name: "mine", namespace: ns },
    spec: { provider: { aws: { service: "SecretsManager", region: "eu-west-1" } } },
  });
  expect(denied(store("shop"))).toEqual([expect.stringContaining("holds no SecretStore")]);
  expect(denied(store("ops"))).toEqual([]);
  expect(denied(externalSecret({ secretStoreRef: OTHER, data: data() }, "ops"))).toEqual([]);
});

test("the policy and binding are valid admissionregistration.k8s.io/v1 objects (Kubernetes OpenAPI schema)", () => {
  expect(validateObjects([vap, binding] as K8sObject[])).toEqual([[], []]);
});
