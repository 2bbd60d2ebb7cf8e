import { mockOutputsOf } from "../../tools/harness/mock-cloud";
import { CERT_MANAGER_CHART } from "../../components/platform/services/cert-manager";
import { EXTERNAL_DNS_CHART } from "../../components/platform/services/external-dns";
import type { RenderResult } from "../../tools/harness/render-stack";
import { H, helm, hasHelm, platformStack, rolePolicy, trustPolicy, urn, values } from "../support/platform";
import { at, find, ofType, render, T } from "../support/stack";

const zones = [
  { domain: "example.com", zoneId: "Z0123456789ABC" },
  { domain: "example.org", zoneId: "Z0ORG00000000" },
];
let result: RenderResult;

beforeAll(async () => {
  result = await render(
    platformStack(
      {
        hostedZones: zones,
        externalDns: { enabled: true, policy: "upsert-only" },
        certManager: { email: "ops@example.com" },
      },
      "prod",
      { shop: ["shop.example.com", "*.shops.example.org"] },
    ),
    "prod-eu",
  );
});

/** The ARN the mock cloud gives the IAM role of that name. */
function roleArn(name: string): string {
  return String(mockOutputsOf("aws:iam/role:Role", name).arn);
}

function subject(trust: any): Record<string, string> {
  return trust.Statement[0].Condition.StringEquals;
}

describe("cert-manager", () => {
  test("pinned chart as a Helm release (its hooks run) in its own namespace, with its CRDs", () => {
    const release = helm(result, "cert-manager");
    expect(release.type).toBe(H.release);
    expect([
      release.inputs.chart,
      release.inputs.version,
      at(release.inputs, "repositoryOpts.repo"),
      release.inputs.namespace,
    ]).toEqual([CERT_MANAGER_CHART.chart, CERT_MANAGER_CHART.version, CERT_MANAGER_CHART.repo, "slipway-cert-manager"]);
    expect(values(result, "cert-manager").crds).toEqual({ enabled: true, keep: true });
    expect(values(result, "cert-manager").config.enableGatewayAPI).toBe(true);
  });

  test("prod: two replicas of controller, webhook and cainjector, each with a disruption budget and requests", () => {
    const v = values(result, "cert-manager");
    for (const part of [v, v.webhook, v.cainjector]) {
      expect(part.replicaCount).toBe(2);
      expect(part.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
      expect(part.resources.requests).toEqual({ cpu: "50m", memory: "64Mi" });
    }
  });

  test("its IRSA role is assumable by its service account only, and writes TXT records in the configured zones only", () => {
    const sub = subject(trustPolicy(result, "cert-manager"));
    expect(Object.entries(sub).find(([k]) => k.endsWith(":sub"))![1]).toBe(
      "system:serviceaccount:slipway-cert-manager:cert-manager",
    );
    expect(values(result, "cert-manager").serviceAccount).toEqual({
      name: "cert-manager",
      annotations: { "eks.amazonaws.com/role-arn": roleArn("cert-manager") },
    });
    expect(values(result, "cert-manager").securityContext).toMatchObject({ runAsNonRoot: true, fsGroup: 1001 });
    const write = rolePolicy(result, "cert-manager").Statement.find((s: any) => s.Sid === "WriteChallengeRecords");
    expect(write.Resource).toEqual([
      "arn:aws:route53:::hostedzone/Z0123456789ABC",
      "arn:aws:route53:::hostedzone/Z0ORG00000000",
    ]);
    expect(write.Condition).toEqual({
      "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] },
    });
  });

  test("Let's Encrypt issuers solve DNS-01 in each zone and HTTP-01 through the Gateway otherwise; a self-signed issuer for local use", () => {
    const prodIssuer = find(result, H.clusterIssuer, "issuer-letsencrypt").inputs;
    expect(at(prodIssuer, "spec.acme.server")).toBe("https://acme-v02.api.letsencrypt.org/directory");
    expect(at(prodIssuer, "spec.acme.email")).toBe("ops@example.com");
    const solvers = at(prodIssuer, "spec.acme.solvers");
    expect(solvers[0]).toEqual({
      selector: { dnsZones: ["example.com"] },
      dns01: { route53: { region: "eu-west-1", hostedZoneID: "Z0123456789ABC" } },
    });
    expect(solvers[2].http01.gatewayHTTPRoute.parentRefs).toEqual([
      { kind: "Gateway", name: "slipway", namespace: "slipway-router", sectionName: "http" },
    ]);
    expect(at(find(result, H.clusterIssuer, "issuer-letsencrypt-staging").inputs, "spec.acme.server")).toContain(
      "acme-staging-v02",
    );
    expect(at(find(result, H.clusterIssuer, "issuer-self-signed").inputs, "spec")).toEqual({ selfSigned: {} });
  });

  test("issuers wait for cert-manager; certificates wait for the issuers and the router's namespace", () => {
    const release = helm(result, "cert-manager").urn;
    for (const issuer of ofType(result, H.clusterIssuer)) expect(issuer.options.dependsOn).toContain(release);
    const certificate = find(result, H.certificate, "certificate-shop.example.com");
    expect(certificate.options.dependsOn).toEqual(
      expect.arrayContaining([
        urn(result, H.clusterIssuer, "issuer-letsencrypt"),
        urn(result, T.namespace, "router-ns"),
      ]),
    );
    expect(helm(result, "cert-manager").options.dependsOn).toContain(helm(result, "gateway-api-crds").urn);
  });

  test("one certificate per domain, in the router's namespace, from the configured issuer", () => {
    expect(
      ofType(result, H.certificate)
        .map((c) => at(c.inputs, "metadata.name"))
        .sort(),
    ).toEqual(["shop.example.com", "wildcard.shops.example.org"]);
    const wildcard = find(result, H.certificate, "certificate-wildcard.shops.example.org").inputs;
    expect(at(wildcard, "metadata.namespace")).toBe("slipway-router");
    expect(at(wildcard, "spec")).toMatchObject({
      secretName: "wildcard.shops.example.org-tls",
      dnsNames: ["*.shops.example.org"],
      issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt" },
    });
  });

  test("without hosted zones there is no Route 53 role and issuers use HTTP-01 only", async () => {
    const plain = await render(platformStack({ certManager: { issuer: "self-signed" } }));
    expect(ofType(plain, H.role).map((r) => r.name)).not.toContain("cert-manager");
    expect(at(find(plain, H.clusterIssuer, "issuer-letsencrypt").inputs, "spec.acme.solvers")).toHaveLength(1);
    expect(at(find(plain, H.certificate, "certificate-shop.example.com").inputs, "spec.issuerRef.name")).toBe(
      "self-signed",
    );
    expect(values(plain, "cert-manager").serviceAccount.annotations).toEqual({});
  });
});

describe("external-dns", () => {
  test("pinned chart in its own namespace, publishing HTTPRoute hosts in the configured zones with a per-stack owner", () => {
    const install = helm(result, "external-dns");
    expect([install.inputs.chart, install.inputs.version, install.inputs.namespace]).toEqual([
      EXTERNAL_DNS_CHART.chart,
      EXTERNAL_DNS_CHART.version,
      "slipway-external-dns",
    ]);
    const v = values(result, "external-dns");
    expect(v).toMatchObject({
      provider: { name: "aws" },
      policy: "upsert-only",
      registry: "txt",
      txtOwnerId: "slipway-prod-eu",
      sources: ["gateway-httproute"],
      domainFilters: ["example.com", "example.org"],
      extraArgs: ["--zone-id-filter=Z0123456789ABC", "--zone-id-filter=Z0ORG00000000"],
    });
    expect(v.resources.requests).toEqual({ cpu: "50m", memory: "64Mi" });
    expect(install.options.dependsOn).toContain(helm(result, "gateway-api-crds").urn);
    expect(v.serviceAccount.annotations).toEqual({ "eks.amazonaws.com/role-arn": roleArn("external-dns") });
  });

  test("its IRSA role is scoped to its service account and the configured zones", () => {
    const sub = subject(trustPolicy(result, "external-dns"));
    expect(Object.entries(sub).find(([k]) => k.endsWith(":sub"))![1]).toBe(
      "system:serviceaccount:slipway-external-dns:external-dns",
    );
    const manage = rolePolicy(result, "external-dns").Statement.find((s: any) => s.Sid === "ManageRecords");
    expect(manage.Resource).toEqual([
      "arn:aws:route53:::hostedzone/Z0123456789ABC",
      "arn:aws:route53:::hostedzone/Z0ORG00000000",
    ]);
  });

  test("off by default", async () => {
    const plain = await render(platformStack());
    expect(hasHelm(plain, "external-dns")).toBe(false);
  });
});
