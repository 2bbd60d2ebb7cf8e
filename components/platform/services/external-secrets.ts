/**
 * Optional: External Secrets Operator with AWS Secrets Manager as a secret source for apps. One
 * ClusterSecretStore, usable from app namespaces only, reads secrets under the configured name prefix
 * through the controller's IRSA role, which can read nothing else.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { PlatformConfig } from "../../../config/types";
import type { ActionSources } from "../../iam";
import { FREE_FORM, type ChartPin } from "../charts";
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
import { ROUTE_NAMESPACE_SELECTOR } from "./router-listeners";

export const EXTERNAL_SECRETS_CHART = {
  chart: "external-secrets",
  version: "0.20.4",
  repo: "https://charts.external-secrets.io",
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

export interface ExternalSecretsArgs extends ServiceArgs {
  config: PlatformConfig["externalSecrets"];
}

const NAMESPACE = "slipway-external-secrets";
const SERVICE_ACCOUNT = "external-secrets";
const SECRET_STORE = "aws-secrets-manager";

// Keys checked in external-secrets/external-secrets helm-chart-0.20.4, deploy/charts/external-secrets/values.yaml:
// leaderElect, and for the controller at the top level and under webhook and certController, replicaCount,
// strategy, podDisruptionBudget, resources and securityContext (whose default keeps runAsUser 1000; the
// pod contexts are on by default). The image tag defaults to the appVersion (v0.20.4).
function externalSecretsValues(
  config: ExternalSecretsArgs["config"],
  annotations: Record<string, pulumi.Input<string>>,
) {
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
    serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations },
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

export class ExternalSecrets extends pulumi.ComponentResource {
  public readonly secretStore: string = SECRET_STORE;

  constructor(name: string, args: ExternalSecretsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:ExternalSecrets", name, {}, opts);
    const aws = requireAws(args, "external-secrets");
    const namespace = createNamespace(this, args, "external-secrets", NAMESPACE);
    const role = irsaRole(this, args, "external-secrets", NAMESPACE, SERVICE_ACCOUNT, [
      {
        Sid: "ReadPrefixedSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: pulumi.interpolate`arn:${aws.partition}:secretsmanager:${aws.region}:${aws.accountId}:secret:${args.config.secretPrefix}*`,
      },
    ]);
    // helm.v3.Release: the store below needs the CRDs and a ready validating webhook; one awaited resource gives both.
    const release = helmRelease(
      "external-secrets",
      {
        pin: EXTERNAL_SECRETS_CHART,
        releaseName: "external-secrets",
        namespace,
        extra: { service: "externalSecrets", values: args.config.values },
        values: externalSecretsValues(args.config, irsaAnnotation(role)),
      },
      this,
      args,
    );
    new CustomResource(
      "secret-store",
      {
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterSecretStore",
        metadata: { name: SECRET_STORE },
        spec: {
          provider: { aws: { service: "SecretsManager", region: aws.region } },
          conditions: [{ namespaceSelector: { matchLabels: ROUTE_NAMESPACE_SELECTOR } }],
        },
      },
      { parent: this, provider: args.provider, dependsOn: [release] },
    );
    this.registerOutputs({ secretStore: this.secretStore });
  }
}
