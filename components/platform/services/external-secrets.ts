/**
 * Optional: External Secrets Operator with AWS Secrets Manager as a secret source for apps. Teams share
 * one cluster, so each tenant (each apps stack granted here, or a single stack's own apps) gets its own
 * ClusterSecretStore, usable only from namespaces labelled with that tenant, whose IRSA role reads only
 * `<secretPrefix><tenant>/*`. The controller's own service account holds no AWS role at all, so a store
 * without credentials of its own reads nothing (the admission policy external-secret-stores.ts refuses
 * those in tenant namespaces anyway).
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { PlatformConfig } from "../../../config/types";
import type { ActionSources } from "../../iam";
import { FREE_FORM, type ChartPin } from "../charts";
import { NO_UPSTREAM_DIGEST, type ServiceImages } from "../image-digests";
import { type Admission, metricsAdmission, webhookAdmission } from "../namespace-policies";
import {
  createNamespace,
  helmRelease,
  irsaAnnotation,
  irsaRole,
  podResources,
  RESTRICTED_CONTAINER,
  SURGE_UPDATE,
  requireAws,
  type ServiceArgs,
} from "../common";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { TENANT_LABEL } from "../../../config/labels";
import { tenantSecretStore } from "../admission/external-secret-stores";

export const EXTERNAL_SECRETS_CHART = {
  chart: "external-secrets",
  version: "0.20.4",
  repo: "https://charts.external-secrets.io",
  // https://charts.external-secrets.io/index.yaml, external-secrets 0.20.4 (index revision: external-secrets/external-secrets gh-pages 629cd695e4be)
  packageDigest: { version: "0.20.4", sha256: "2d2f5bb4eb8d9cbe1f6d5d9673984c334cb363029498fe328d6c0e60fc47e7ea" },
  freeForm: {
    resources: FREE_FORM.resources,
    securityContext: FREE_FORM.containerContext,
    podSecurityContext: FREE_FORM.podContext,
    podAnnotations: FREE_FORM.annotations,
    podLabels: FREE_FORM.labels,
    strategy: FREE_FORM.strategy,
    "serviceAccount.annotations": FREE_FORM.annotations,
    "*.resources": FREE_FORM.resources,
    "*.securityContext": FREE_FORM.containerContext,
    "*.strategy": FREE_FORM.strategy,
  },
} as const satisfies ChartPin;

const EXTERNAL_SECRETS_IMAGE = {
  image: "oci.external-secrets.io/external-secrets/external-secrets",
  tag: "v0.20.4",
  form: "tag@digest",
  unresolved: NO_UPSTREAM_DIGEST,
} as const;

/** The images its chart runs at the pinned version, and the digest each runs by (image-digests.ts). */
export const EXTERNAL_SECRETS_IMAGES = {
  chart: "0.20.4",
  images: {
    // external-secrets/external-secrets helm-chart-0.20.4, deploy/charts/external-secrets/templates/
    // _helpers.tpl L175-181 prints `<repository>:<tag>` for the controller, webhook and cert controller.
    controller: { ...EXTERNAL_SECRETS_IMAGE, key: "image.tag" },
    // The same image, run by the webhook and cert controller Deployments (values.yaml L366-370, L544-547).
    webhook: { ...EXTERNAL_SECRETS_IMAGE, key: "webhook.image.tag" },
    certController: { ...EXTERNAL_SECRETS_IMAGE, key: "certController.image.tag" },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// external-secrets/external-secrets helm-chart-0.20.4 deploy/charts/external-secrets/values.yaml
export const EXTERNAL_SECRETS_INGRESS: readonly Admission[] = [
  webhookAdmission(10250, "webhook.port"),
  metricsAdmission(8080, "metrics.listen.port"),
];

export interface ExternalSecretsArgs extends ServiceArgs {
  config: PlatformConfig["externalSecrets"];
  /** Every tenant: the apps stacks granted namespaces here, or a single stack's own name. */
  tenants: string[];
}

const NAMESPACE = "slipway-external-secrets";
const SERVICE_ACCOUNT = "external-secrets";

// Keys checked in external-secrets/external-secrets helm-chart-0.20.4, deploy/charts/external-secrets/values.yaml:
// leaderElect, and for the controller at the top level and under webhook and certController, replicaCount,
// strategy, podDisruptionBudget, resources and securityContext (whose default keeps runAsUser 1000; the
// pod contexts are on by default). The image tag defaults to the appVersion (v0.20.4).
function externalSecretsValues(config: ExternalSecretsArgs["config"]) {
  const pdb = { enabled: config.replicas >= 2, minAvailable: 1 };
  const workload = {
    replicaCount: config.replicas,
    strategy: SURGE_UPDATE,
    podDisruptionBudget: pdb,
    resources: podResources(config.resources),
    securityContext: RESTRICTED_CONTAINER,
  };
  return {
    installCRDs: true,
    // Off by default in the chart: two replicas would then both reconcile every ExternalSecret.
    leaderElect: config.replicas >= 2,
    ...workload,
    // No IRSA role, and the guard-rail keeps values from adding one: only the tenant stores' own service accounts reach AWS.
    serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: {} },
    webhook: workload,
    certController: workload,
  };
}

const SECRETS_MANAGER_PROVIDER =
  "external-secrets/external-secrets v0.20.4 pkg/provider/aws/secretsmanager/secretsmanager.go";

/**
 * What the Secrets Manager provider calls to read a secret at the chart's appVersion. The role reads
 * only: PushSecret's calls (CreateSecret, PutSecretValue, GetResourcePolicy…) and `find` by name or
 * tags (ListSecrets, which IAM cannot scope to the prefix) are not granted.
 */
export const EXTERNAL_SECRETS_ACTION_SOURCES: ActionSources = {
  "secretsmanager:GetSecretValue": `${SECRETS_MANAGER_PROVIDER}:746`,
  // For a remoteRef with metadataPolicy: Fetch (the secret's tags).
  "secretsmanager:DescribeSecret": `${SECRETS_MANAGER_PROVIDER}:714`,
};

/**
 * A Secrets Manager secret's ARN is `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6
 * random characters>` (AWS Secrets Manager User Guide, "Resource: secret", awsdocs reference-arn-format:
 * the suffix is why the name is matched with a trailing `*`). A tenant's names start `<prefix><tenant>/`.
 */
function tenantSecretsArn(aws: ReturnType<typeof requireAws>, prefix: string, tenant: string) {
  return pulumi.interpolate`arn:${aws.partition}:secretsmanager:${aws.region}:${aws.accountId}:secret:${prefix}${tenant}/*`;
}

export class ExternalSecrets extends pulumi.ComponentResource {
  constructor(name: string, args: ExternalSecretsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:ExternalSecrets", name, {}, opts);
    const aws = requireAws(args, "external-secrets");
    const namespace = createNamespace(this, args, "external-secrets", NAMESPACE);
    // helm.v3.Release: the stores below need the CRDs and a ready validating webhook; one awaited resource gives both.
    const release = helmRelease(
      "external-secrets",
      {
        pin: EXTERNAL_SECRETS_CHART,
        releaseName: "external-secrets",
        namespace,
        extra: { service: "externalSecrets", values: args.config.values },
        values: externalSecretsValues(args.config),
      },
      this,
      args,
    );
    const childOpts = { parent: this, provider: args.provider };
    for (const tenant of [...args.tenants].sort()) {
      const store = tenantSecretStore(tenant);
      const serviceAccount = store;
      const role = irsaRole(this, args, store, NAMESPACE, serviceAccount, [
        {
          Sid: "ReadOwnSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: tenantSecretsArn(aws, args.config.secretPrefix, tenant),
        },
      ]);
      const account = new ServiceAccount(
        store,
        { metadata: { name: serviceAccount, namespace: namespace.metadata.name, annotations: irsaAnnotation(role) } },
        childOpts,
      );
      // external-secrets/external-secrets helm-chart-0.20.4 pkg/provider/aws/auth/auth.go credsFromServiceAccount:
      // a ClusterSecretStore's jwt serviceAccountRef with a namespace is read there (never the
      // ExternalSecret's namespace), and its eks.amazonaws.com/role-arn is assumed with a token the
      // controller requests for it. `conditions` (the CRD's spec.conditions[].namespaceSelector) makes the
      // controller refuse the store to ExternalSecrets in any other namespace.
      new CustomResource(
        store,
        {
          apiVersion: "external-secrets.io/v1",
          kind: "ClusterSecretStore",
          metadata: { name: store },
          spec: {
            provider: {
              aws: {
                service: "SecretsManager",
                region: aws.region,
                auth: { jwt: { serviceAccountRef: { name: serviceAccount, namespace: NAMESPACE } } },
              },
            },
            conditions: [{ namespaceSelector: { matchLabels: { [TENANT_LABEL]: tenant } } }],
          },
        },
        { ...childOpts, dependsOn: [release, account] },
      );
    }
    this.registerOutputs({});
  }
}
