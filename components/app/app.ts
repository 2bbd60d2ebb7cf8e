/**
 * Everything one app runs as (Deis Workflow's app): its namespace and service account, the release
 * objects of its config, one workload per process type, the Service and HTTPRoute for `web`, and the
 * guard-rails (autoscaler, disruption budget, network policy) around them.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { Namespace, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type { AppConfig, AppSecrets, PlatformConfig } from "../../stacks/config";
import { ServiceAccountRole } from "../iam";
import type { ImageRegistry } from "../registry";
import { bucketStatements, type AppAwsContext } from "./aws-access";
import { resolveImage } from "./image";
import { appLabels, processLabels, selectorLabels, type AppIdentity } from "./labels";
import { createNetworkPolicies } from "./network-policy";
import { createReleaseObjects } from "./release-objects";
import { createRouting } from "./routing";
import { createWorkload, workloadName } from "./workload";

export interface AppArgs {
  config: AppConfig;
  secrets: AppSecrets;
  stack: string;
  environment: string;
  gateway: PlatformConfig["gateway"];
  /** Per-stack key that names Secrets without revealing their values. */
  secretNameKey: pulumi.Input<string>;
  provider?: k8s.Provider;
  /** Where the app's own images live (tag-only images and builds). */
  registry?: ImageRegistry;
  /** What an IRSA role for the app's `aws` config needs; present only on EKS. */
  aws?: AppAwsContext;
}

export class App extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly workloads: pulumi.Output<string[]>;
  public readonly configMapName: pulumi.Output<string>;
  public readonly secretName: pulumi.Output<string | undefined>;

  constructor(name: string, args: AppArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:app:App", name, {}, opts);
    const { config } = args;
    const id: AppIdentity = { app: name, stack: args.stack, environment: args.environment };
    const labels = appLabels(id);
    const childOpts: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };

    const namespace = new Namespace(`${name}-ns`, { metadata: { name, labels } }, childOpts).metadata.name;
    if (config.aws && !args.aws) throw new Error(`slipway:apps.${name}.aws: needs IAM roles for service accounts (an EKS cluster)`);
    // The EKS pod identity webhook mounts its own projected token for IRSA; the API token stays unmounted.
    const awsRole = config.aws && args.aws && new ServiceAccountRole(`${name}-aws`, {
      oidc: args.aws.oidc, namespace: name, serviceAccount: name, statements: bucketStatements(config.aws.buckets, args.aws), tags: args.aws.tags,
    }, { parent: this });
    const roleArn = awsRole ? awsRole.roleArn : config.serviceAccount.iamRoleArn;
    new ServiceAccount(`${name}-sa`, {
      metadata: {
        name,
        namespace,
        labels,
        annotations: roleArn ? { "eks.amazonaws.com/role-arn": roleArn } : undefined,
      },
      automountServiceAccountToken: config.serviceAccount.automountToken,
    }, childOpts);

    const release = createReleaseObjects({
      app: name, namespace, labels, env: config.env, secrets: args.secrets, nameKey: args.secretNameKey,
    }, childOpts);

    const image = resolveImage(name, config, args.registry, this);
    const processes = Object.keys(config.processes);
    for (const process of processes) {
      createWorkload({
        app: name,
        namespace,
        process,
        settings: config.processes[process],
        image: image.reference,
        port: config.port,
        serviceAccountName: name,
        automountToken: config.serviceAccount.automountToken,
        runAsUser: config.runAsUser,
        shutdown: config.shutdown,
        labels: { ...processLabels(id, process), ...(image.version ? { "app.kubernetes.io/version": image.version } : {}) },
        selector: selectorLabels(id, process),
        configMapName: release.configMapName,
        configChecksum: release.configChecksum,
        secretName: release.secretName,
        revisionHistoryLimit: config.revisionHistoryLimit,
        rolloutTimeoutSeconds: config.rolloutTimeoutSeconds,
      }, childOpts);
    }

    const webSelector = config.processes.web ? selectorLabels(id, "web") : undefined;
    if (webSelector) {
      createRouting({
        app: name, namespace, labels, selector: webSelector, port: config.port,
        domains: config.domains, routable: config.routable, gateway: args.gateway,
      }, childOpts);
    }
    createNetworkPolicies({
      app: name, namespace, labels, webSelector, port: config.port, routerNamespace: args.gateway.namespace,
    }, childOpts);

    this.namespace = namespace;
    this.workloads = pulumi.output(processes.map((process) => workloadName(name, process)));
    this.configMapName = pulumi.output(release.configMapName);
    this.secretName = pulumi.output(release.secretName);
    this.registerOutputs({
      namespace: this.namespace,
      workloads: this.workloads,
      configMapName: this.configMapName,
      secretName: this.secretName,
    });
  }
}
