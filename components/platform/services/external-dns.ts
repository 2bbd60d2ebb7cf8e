/**
 * DNS: external-dns publishes the Gateway's address for every HTTPRoute hostname in the configured
 * Route 53 zones, marking its records with an owner id unique to the stack, through an IRSA role
 * that can change those zones only. The gateway-httproute source follows each route's parentRefs to
 * whichever Gateway accepted it (no --gateway-name filter), so every shard's routes are published.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../../config/types";
import type { IamNarrowing } from "../../iam";
import { FREE_FORM, type ChartPin } from "../charts";
import { type ServiceImages, THIRD_PARTY_DIGEST_ONLY } from "../image-digests";
import { type Admission, metricsAdmission } from "../namespace-policies";
import {
  createNamespace,
  helmChart,
  irsaAnnotation,
  irsaRole,
  podResources,
  requireAws,
  RESTRICTED_CONTAINER,
  RESTRICTED_POD,
  type ServiceArgs,
} from "../common";

export const EXTERNAL_DNS_CHART = {
  chart: "external-dns",
  version: "1.19.0",
  repo: "https://kubernetes-sigs.github.io/external-dns/",
  // https://kubernetes-sigs.github.io/external-dns/index.yaml, external-dns 1.19.0 (index revision: kubernetes-sigs/external-dns gh-pages e6ca7c5614df)
  packageDigest: { version: "1.19.0", sha256: "8bd576acf7c9074cdf6ca21662a1e923b786d0576a3e6cf3f75d252860a0af6e" },
  freeForm: {
    resources: FREE_FORM.resources,
    securityContext: FREE_FORM.containerContext,
    podSecurityContext: FREE_FORM.podContext,
    "serviceAccount.annotations": FREE_FORM.annotations,
    podAnnotations: FREE_FORM.annotations,
    podLabels: FREE_FORM.labels,
  },
} as const satisfies ChartPin;

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const EXTERNAL_DNS_IMAGES = {
  chart: "1.19.0",
  images: {
    // kubernetes-sigs/external-dns external-dns-helm-chart-1.19.0, charts/external-dns/templates/_helpers.tpl
    // L70-72 prints `<repository>:<tag>`. No digest: only third-party pins state one, so it is
    // looked up in registry.k8s.io at preview.
    externalDns: {
      image: "registry.k8s.io/external-dns/external-dns",
      tag: "v0.19.0",
      key: "image.tag",
      form: "tag@digest",
      unresolved: THIRD_PARTY_DIGEST_ONLY,
    },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// kubernetes-sigs/external-dns external-dns-helm-chart-1.19.0 charts/external-dns/values.yaml
export const EXTERNAL_DNS_INGRESS: readonly Admission[] = [metricsAdmission(7979, "service.port")];

export interface ExternalDnsArgs extends ServiceArgs {
  config: PlatformConfig["externalDns"];
  hostedZones: PlatformConfig["hostedZones"];
  /** Gateway API CRDs: the gateway-httproute source watches Gateways and HTTPRoutes. */
  gatewayApiCrds: pulumi.Resource;
}

const NAMESPACE = "slipway-external-dns";
const SERVICE_ACCOUNT = "external-dns";

/**
 * Against the reference policy (kubernetes-sigs/external-dns external-dns-helm-chart-1.19.0
 * docs/tutorials/aws.md), checked by test/controller-iam.test.ts: what Slipway grants narrower.
 */
export const EXTERNAL_DNS_NARROWINGS: IamNarrowing[] = [
  {
    actions: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
    resources: ["arn:aws:route53:::hostedzone/*"],
    grantedBy: "ManageRecords",
    why:
      "Each configured zone is passed as --zone-id-filter, and external-dns drops every listed zone the filter " +
      "does not match before it reads, tags or changes one: the role names exactly those zones.",
    source: "kubernetes-sigs/external-dns v0.19.0 provider/aws/aws.go:395",
  },
];

function ownerId(stack: string): string {
  return `slipway-${stack}`;
}

// Keys checked in kubernetes-sigs/external-dns external-dns-helm-chart-1.19.0, charts/external-dns/values.yaml:
// resources, podSecurityContext, securityContext (whose default keeps runAsUser 65532). The chart has no
// replicas value (templates/deployment.yaml renders `replicas: 1`) and defaults to the Recreate strategy:
// one writer at a time, so the pack exempts it from the HA and zero-downtime rules. image.tag carries the
// digest it resolves to at preview (EXTERNAL_DNS_IMAGES).
function externalDnsValues(
  args: ExternalDnsArgs,
  region: pulumi.Input<string>,
  annotations: Record<string, pulumi.Input<string>>,
) {
  return {
    provider: { name: "aws" },
    policy: args.config.policy,
    registry: "txt",
    txtOwnerId: ownerId(args.stack),
    sources: ["gateway-httproute"],
    domainFilters: args.hostedZones.map((z) => z.domain),
    extraArgs: args.hostedZones.map((z) => `--zone-id-filter=${z.zoneId}`),
    env: [{ name: "AWS_DEFAULT_REGION", value: region }],
    serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations },
    resources: podResources(args.config.resources),
    podSecurityContext: RESTRICTED_POD,
    securityContext: RESTRICTED_CONTAINER,
  };
}

export class ExternalDns extends pulumi.ComponentResource {
  constructor(name: string, args: ExternalDnsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:ExternalDns", name, {}, opts);
    const aws = requireAws(args, "external-dns");
    const namespace = createNamespace(this, args, "external-dns", NAMESPACE);
    const zoneArns = args.hostedZones.map(
      (z) => pulumi.interpolate`arn:${aws.partition}:route53:::hostedzone/${z.zoneId}`,
    );
    const role = irsaRole(this, args, "external-dns", NAMESPACE, SERVICE_ACCOUNT, [
      {
        Sid: "ManageRecords",
        Effect: "Allow",
        Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
        Resource: zoneArns,
      },
      // ListHostedZones cannot be scoped to a zone; --zone-id-filter keeps external-dns to the configured ones.
      { Sid: "FindZones", Effect: "Allow", Action: "route53:ListHostedZones", Resource: "*" },
    ]);
    // helm.v4.Chart: one Deployment (single replica by design: it is not leader-elected) and RBAC, no hooks.
    helmChart(
      "external-dns",
      {
        pin: EXTERNAL_DNS_CHART,
        releaseName: "external-dns",
        namespace,
        extra: { service: "externalDns", values: args.config.values },
        values: externalDnsValues(args, aws.region, irsaAnnotation(role)),
      },
      this,
      args,
      [args.gatewayApiCrds],
    );
    this.registerOutputs({});
  }
}
