/**
 * TLS: cert-manager with three ClusterIssuers (Let's Encrypt production and staging, self-signed for
 * local clusters) and one Certificate per listener domain in the router's namespace, where every
 * shard's Gateway reads them (all shards live in that namespace, so certificates need no shard). ACME uses DNS-01 on Route 53 (IRSA) for the configured hosted zones and
 * HTTP-01 through the Gateway for any other domain.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { PlatformConfig } from "../../../config/types";
import { FREE_FORM, type ChartPin } from "../charts";
import { NO_UPSTREAM_DIGEST, type ServiceImages } from "../image-digests";
import { type Admission, webhookAdmission } from "../namespace-policies";
import {
  createNamespace,
  helmRelease,
  irsaAnnotation,
  irsaRole,
  podResources,
  RESTRICTED_CONTAINER,
  RESTRICTED_POD,
  SURGE_UPDATE,
  requireAws,
  type ServiceArgs,
} from "../common";
import { certificateName, tlsSecretName } from "../../../config/gateway-domains";
import { shardGatewayName } from "../../../config/gateway-shards";
import { route53Statements } from "./cert-manager-iam";
import { HTTP_LISTENER } from "./router-listeners";

export const CERT_MANAGER_CHART = {
  chart: "cert-manager",
  version: "v1.19.3",
  repo: "https://charts.jetstack.io",
  packageDigest: {
    version: "v1.19.3",
    unverified:
      "https://charts.jetstack.io/index.yaml, which no public repository publishes, has not been checked for cert-manager v1.19.3",
  },
  freeForm: {
    containerSecurityContext: FREE_FORM.containerContext,
    resources: FREE_FORM.resources,
    "cainjector.containerSecurityContext": FREE_FORM.containerContext,
    "cainjector.resources": FREE_FORM.resources,
    "webhook.containerSecurityContext": FREE_FORM.containerContext,
    "webhook.resources": FREE_FORM.resources,
    "startupapicheck.containerSecurityContext": FREE_FORM.containerContext,
    "startupapicheck.resources": FREE_FORM.resources,
    strategy: FREE_FORM.strategy,
    "cainjector.strategy": FREE_FORM.strategy,
    "webhook.strategy": FREE_FORM.strategy,
    podDisruptionBudget: FREE_FORM.budget,
    "cainjector.podDisruptionBudget": FREE_FORM.budget,
    "webhook.podDisruptionBudget": FREE_FORM.budget,
    securityContext: FREE_FORM.podContext,
    "serviceAccount.name": FREE_FORM.declaredInSchema,
    // Each image's digest (CERT_MANAGER_IMAGES), commented out in values.yaml (L177-179 and the like).
    "image.digest": FREE_FORM.declaredInSchema,
    "webhook.image.digest": FREE_FORM.declaredInSchema,
    "cainjector.image.digest": FREE_FORM.declaredInSchema,
    "acmesolver.image.digest": FREE_FORM.declaredInSchema,
    "startupapicheck.image.digest": FREE_FORM.declaredInSchema,
    "serviceAccount.annotations": FREE_FORM.annotations,
    podLabels: FREE_FORM.labels,
    // values.yaml L245-284: the controller's configuration file, shown commented out, defaulted to {}.
    config:
      "the controller's ControllerConfiguration (apiVersion, kind, featureGates, …); values.yaml defaults it to {}",
    podAnnotations: FREE_FORM.annotations,
  },
} as const satisfies ChartPin;

/** One of cert-manager v1.19.3's images, by its component's name, and the key of its digest. */
const certManagerImage = (component: string, key: string) =>
  ({
    image: `quay.io/jetstack/cert-manager-${component}`,
    tag: "v1.19.3",
    key,
    form: "digest",
    unresolved: NO_UPSTREAM_DIGEST,
  }) as const;

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const CERT_MANAGER_IMAGES = {
  chart: "v1.19.3",
  // cert-manager/cert-manager v1.19.3, deploy/charts/cert-manager/values.yaml: `digest` "will override
  // any tag" (L177-179, L912-914, L1225-1227, L1284-1286, L1417-1419); templates/_helpers.tpl L186.
  images: {
    controller: certManagerImage("controller", "image.digest"),
    webhook: certManagerImage("webhook", "webhook.image.digest"),
    cainjector: certManagerImage("cainjector", "cainjector.image.digest"),
    // Run by the controller for HTTP-01 challenges (--acme-http01-solver-image).
    acmesolver: certManagerImage("acmesolver", "acmesolver.image.digest"),
    startupapicheck: certManagerImage("startupapicheck", "startupapicheck.image.digest"),
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// cert-manager/cert-manager v1.19.3 deploy/charts/cert-manager/values.yaml
export const CERT_MANAGER_INGRESS: readonly Admission[] = [webhookAdmission(10250, "webhook.securePort")];

export interface CertManagerArgs extends ServiceArgs {
  config: PlatformConfig["certManager"];
  hostedZones: PlatformConfig["hostedZones"];
  gateway: PlatformConfig["gateway"];
  /** Every shard's listener domains: each gets a certificate. */
  domains: string[];
  /** The router's namespace and Gateway API CRDs: certificates live there, and the HTTP-01 solver needs the CRDs. */
  routerNamespace: pulumi.Resource;
  gatewayApiCrds: pulumi.Resource;
  /** Prometheus Operator CRDs, when monitoring is on (the chart adds a ServiceMonitor). */
  monitoringCrds?: pulumi.Resource;
}

const NAMESPACE = "slipway-cert-manager";
const SERVICE_ACCOUNT = "cert-manager";
const ACME_SERVERS = {
  letsencrypt: "https://acme-v02.api.letsencrypt.org/directory",
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

// Keys checked in cert-manager/cert-manager v1.19.3, deploy/charts/cert-manager/values.yaml: for the
// controller at the top level and under webhook and cainjector, replicaCount, strategy,
// podDisruptionBudget, resources, securityContext (the pod's) and containerSecurityContext; startupapicheck
// (a hook Job) takes resources and both contexts. All three Deployments are leader-elected or stateless.
function certManagerValues(
  config: CertManagerArgs["config"],
  roleArn: pulumi.Output<string> | undefined,
  monitoring: boolean,
) {
  const ha = config.replicas >= 2;
  const pdb = { enabled: ha, minAvailable: 1 };
  const hardened = {
    resources: podResources(config.resources),
    securityContext: RESTRICTED_POD,
    containerSecurityContext: RESTRICTED_CONTAINER,
  };
  const controller = { replicaCount: config.replicas, strategy: SURGE_UPDATE, podDisruptionBudget: pdb, ...hardened };
  return {
    crds: { enabled: true, keep: true },
    ...controller,
    webhook: controller,
    cainjector: controller,
    startupapicheck: hardened,
    // The HTTP-01 solver creates HTTPRoutes on the Gateway.
    config: {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      kind: "ControllerConfiguration",
      enableGatewayAPI: true,
    },
    serviceAccount: { name: SERVICE_ACCOUNT, annotations: roleArn ? { "eks.amazonaws.com/role-arn": roleArn } : {} },
    // The projected IRSA token must be readable by the controller's non-root user.
    ...(roleArn ? { securityContext: { ...RESTRICTED_POD, fsGroup: 1001 } } : {}),
    prometheus: { enabled: monitoring, servicemonitor: { enabled: monitoring } },
  };
}

/** A listener domain's certificate: its TLS Secret, from one of the ClusterIssuers below. */
function certificateSpec(domain: string, issuer: string) {
  return {
    secretName: tlsSecretName(domain),
    dnsNames: [domain],
    issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: issuer },
    privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
  };
}

export class CertManager extends pulumi.ComponentResource {
  public readonly issuer: string;
  public readonly certificates: pulumi.Output<string[]>;
  public readonly release: pulumi.Resource;

  constructor(name: string, args: CertManagerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:CertManager", name, {}, opts);
    const { config, hostedZones } = args;
    const namespace = createNamespace(this, args, "cert-manager", NAMESPACE);
    const role =
      hostedZones.length > 0
        ? irsaRole(
            this,
            args,
            "cert-manager",
            NAMESPACE,
            SERVICE_ACCOUNT,
            route53Statements(hostedZones, requireAws(args, "cert-manager").partition),
          )
        : undefined;

    // helm.v3.Release: the chart's startupapicheck hook proves the webhook answers before issuers are created.
    const release = helmRelease(
      "cert-manager",
      {
        pin: CERT_MANAGER_CHART,
        releaseName: "cert-manager",
        namespace,
        extra: { service: "certManager", values: args.config.values },
        values: certManagerValues(
          config,
          role ? irsaAnnotation(role)["eks.amazonaws.com/role-arn"] : undefined,
          args.monitoringCrds !== undefined,
        ),
      },
      this,
      args,
      [args.gatewayApiCrds, ...(args.monitoringCrds ? [args.monitoringCrds] : [])],
    );

    const childOpts = { parent: this, provider: args.provider };
    const issuers = [
      ...(["letsencrypt", "letsencrypt-staging"] as const).map(
        (issuer) =>
          new CustomResource(
            `issuer-${issuer}`,
            {
              apiVersion: "cert-manager.io/v1",
              kind: "ClusterIssuer",
              metadata: { name: issuer },
              spec: {
                acme: {
                  server: ACME_SERVERS[issuer],
                  email: config.email,
                  privateKeySecretRef: { name: `${issuer}-account-key` },
                  solvers: [
                    ...hostedZones.map((zone) => ({
                      selector: { dnsZones: [zone.domain] },
                      dns01: {
                        route53: { region: requireAws(args, "cert-manager").region, hostedZoneID: zone.zoneId },
                      },
                    })),
                    {
                      http01: {
                        gatewayHTTPRoute: {
                          // Every shard's HTTP listener: a challenge is answered whichever Gateway serves the domain.
                          parentRefs: Array.from({ length: args.gateway.shards }, (_, shard) => ({
                            kind: "Gateway",
                            name: shardGatewayName(args.gateway.name, shard),
                            namespace: args.gateway.namespace,
                            sectionName: HTTP_LISTENER,
                          })),
                        },
                      },
                    },
                  ],
                },
              },
            },
            { ...childOpts, dependsOn: [release] },
          ),
      ),
      new CustomResource(
        "issuer-self-signed",
        {
          apiVersion: "cert-manager.io/v1",
          kind: "ClusterIssuer",
          metadata: { name: "self-signed" },
          spec: { selfSigned: {} },
        },
        { ...childOpts, dependsOn: [release] },
      ),
    ];

    const names = [...new Set(args.domains)].sort().map((domain) => {
      new CustomResource(
        `certificate-${certificateName(domain)}`,
        {
          apiVersion: "cert-manager.io/v1",
          kind: "Certificate",
          metadata: { name: certificateName(domain), namespace: args.gateway.namespace },
          spec: certificateSpec(domain, config.issuer),
        },
        { ...childOpts, dependsOn: [args.routerNamespace, ...issuers] },
      );
      return certificateName(domain);
    });

    this.issuer = config.issuer;
    this.certificates = pulumi.output(names);
    this.release = release;
    this.registerOutputs({ issuer: this.issuer, certificates: this.certificates });
  }
}
