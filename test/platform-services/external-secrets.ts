/**
 * External Secrets on a cluster teams share: the controller holds no AWS role, and each tenant's
 * ClusterSecretStore is usable only from its namespaces, through a role that reads only its secrets.
 * Rendered on a single stack (its apps are its one tenant) and on the committed platform stack with
 * two teams' apps stacks granted.
 */
import { EXTERNAL_SECRETS_CHART } from "../../components/platform/services/external-secrets";
import { refusedObjects } from "../../tools/harness/admission/stack-admission";
import { crdVersionOf } from "../../tools/harness/crd/schemas";
import { renderStack, type RenderResult } from "../../tools/harness/render-stack";
import { readStackFile } from "../../tools/harness/stack-file";
import { allows } from "../support/iam-match";
import { H, hasHelm, helm, platformStack, rolePolicy, trustPolicy, values } from "../support/platform";
import { at, find, ofType, render } from "../support/stack";

let prod: RenderResult;
/** The committed platform stack, two teams' apps stacks granted, with External Secrets on. */
let shared: RenderResult;

beforeAll(async () => {
  // One at a time: a render owns the mock runtime while it runs.
  prod = await render(
    platformStack({ externalSecrets: { enabled: true, secretPrefix: "slipway/prod/" } }, "prod"),
    "prod",
  );
  const platform = readStackFile("Pulumi.platform-staging.yaml", "platform-staging");
  const services = JSON.parse(platform.config["slipway:platform"]);
  shared = await renderStack({
    ...platform,
    config: {
      ...platform.config,
      "slipway:platform": JSON.stringify({
        ...services,
        externalSecrets: { enabled: true, secretPrefix: "slipway/staging/" },
      }),
    },
  });
});

function subjectOf(result: RenderResult, role: string): string {
  return Object.entries(trustPolicy(result, role).Statement[0].Condition.StringEquals).find(([k]) =>
    k.endsWith(":sub"),
  )![1] as string;
}

describe("external-secrets (optional)", () => {
  test("off by default", async () => {
    expect(hasHelm(await render(platformStack()), "external-secrets")).toBe(false);
  });

  test("the controller itself holds no AWS role: a store without credentials of its own reads nothing", () => {
    const release = helm(prod, "external-secrets");
    expect([release.type, release.inputs.chart, release.inputs.version, release.inputs.namespace]).toEqual([
      H.release,
      EXTERNAL_SECRETS_CHART.chart,
      EXTERNAL_SECRETS_CHART.version,
      "slipway-external-secrets",
    ]);
    expect(values(prod, "external-secrets")).toMatchObject({
      installCRDs: true,
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      serviceAccount: { name: "external-secrets" },
    });
    expect(values(prod, "external-secrets").serviceAccount.annotations).toEqual({});
    expect(() => rolePolicy(prod, "external-secrets")).toThrow();
  });

  test("a single stack's apps get one store, for its own namespaces, reading only <prefix><stack>/", () => {
    const store = find(prod, H.secretStore, "slipway-secrets-prod");
    expect(at(store.inputs, "spec")).toEqual({
      provider: {
        aws: {
          service: "SecretsManager",
          region: "eu-west-1",
          auth: { jwt: { serviceAccountRef: { name: "slipway-secrets-prod", namespace: "slipway-external-secrets" } } },
        },
      },
      conditions: [{ namespaceSelector: { matchLabels: { "slipway.dev/tenant": "prod" } } }],
    });
    expect(store.options.dependsOn).toContain(helm(prod, "external-secrets").urn);
    expect(subjectOf(prod, "slipway-secrets-prod")).toBe(
      "system:serviceaccount:slipway-external-secrets:slipway-secrets-prod",
    );
    expect(rolePolicy(prod, "slipway-secrets-prod").Statement.map((s: any) => s.Resource)).toEqual([
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:slipway/prod/prod/*",
    ]);
  });

  test("on a shared cluster each team's store role reads its own secrets and no other team's", () => {
    const secret = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
    const stores = ofType(shared, H.secretStore)
      .map((store) => store.name)
      .sort();
    expect(stores).toEqual(expect.arrayContaining(["slipway-secrets-search-staging", "slipway-secrets-shop-staging"]));
    for (const team of ["shop-staging", "search-staging"]) {
      const other = team === "shop-staging" ? "search-staging" : "shop-staging";
      const granted = rolePolicy(shared, `slipway-secrets-${team}`).Statement;
      const read = (name: string) =>
        allows(granted, { action: "secretsmanager:GetSecretValue", resource: secret(name) });
      expect([
        read(`slipway/staging/${team}/db`),
        read(`slipway/staging/${other}/db`),
        read("slipway/staging/db"),
      ]).toEqual([true, false, false]);
      const store = find(shared, H.secretStore, `slipway-secrets-${team}`);
      expect(at(store.inputs, "spec.conditions")).toEqual([
        { namespaceSelector: { matchLabels: { "slipway.dev/tenant": team } } },
      ]);
    }
  });

  test("every store is valid against the pinned CRD (schema and CEL rules), and the platform's objects are still admitted", () => {
    for (const result of [prod, shared]) {
      expect(result.schemaProblems).toEqual([]);
      const stores = result.objects.filter(({ object }) => object.kind === "ClusterSecretStore");
      expect(stores.length).toBeGreaterThan(0);
      for (const { object } of stores) expect(crdVersionOf(object.apiVersion, object.kind)?.served).toBe(true);
      const policies = result.objects.filter(({ object }) => object.kind.startsWith("ValidatingAdmissionPolicy"));
      expect(policies.map(({ object }) => object.metadata.name)).toContain("slipway-tenant-external-secret-stores");
    }
    expect(refusedObjects(shared.objects, [])).toEqual([]);
  });
});
