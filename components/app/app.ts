/**
 * Everything one app runs as (Deis Workflow's app): its namespace and service account, the release
 * objects of its config, one workload per process type (`web` following the app's strategy), the
 * Services and HTTPRoute for `web`, and the guard-rails (autoscaler, disruption budget, network
 * policy) around them.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { Namespace, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type { AppConfig, AppSecrets, PlatformConfig, SecretsDigest } from "../../stacks/config";
import { ServiceAccountRole } from "../iam";
import type { ImageRegistry } from "../registry";
import { bucketStatements, type AppAwsContext } from "./aws-access";
import { resolveImage } from "./image";
import { appLabels, processLabels, selectorLabels, type AppIdentity } from "./labels";
import { createNetworkPolicies } from "./network-policy";
import type { ReleaseRecord } from "./release-history";
import { createReleaseObjects } from "./release-objects";
import { DEFAULT_ROLLOUTS_CLI_IMAGE } from "./rollout-check";
import { createWeb } from "./web";
import { createWorkload, workloadName } from "./workload";

export interface AppArgs {
  config: AppConfig;
  secrets: AppSecrets;
  stack: string;
  environment: string;
  gateway: PlatformConfig["gateway"];
  /** Per-stack key that names Secrets without revealing their values. */
  secretNameKey: pulumi.Input<string>;
  /** The same key as the previous update exported it; absent on a stack's first update. */
  knownSecretNameKey?: string;
  secretsDigest?: SecretsDigest;
  /** The release history the previous update exported for this app (newest first). */
  previousReleases?: ReleaseRecord[];
  /** Where AnalysisTemplates query the router's metrics. */
  prometheusUrl?: pulumi.Input<string>;
  /** The Argo Rollouts CLI image the release check runs. */
  rolloutsCliImage?: string;
  provider?: k8s.Provider;
  /** The content digest of the app's build, when it builds its image. */
  buildDigest?: string;
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
  /** This update's release history, newest first: the next update keeps these objects. */
  public readonly releases: pulumi.Output<ReleaseRecord[]>;

  constructor(name: string, args: AppArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:app:App", name, {}, opts);
    const { config } = args;
    const id: AppIdentity = { app: name, stack: args.stack, environment: args.environment };
    const labels = appLabels(id);
    // Children wait for what the App waits for (the platform), which Pulumi does not pass down by itself.
    const childOpts: pulumi.CustomResourceOptions = { parent: this, provider: args.provider, dependsOn: opts.dependsOn };

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
      knownNameKey: args.knownSecretNameKey, secretsDigest: args.secretsDigest,
      previous: args.previousReleases ?? [], keep: config.releaseHistory,
    }, childOpts);

    const image = resolveImage(name, config, args.registry, args.buildDigest, this);
    const processes = Object.keys(config.processes);
    for (const process of processes) {
      const workload = {
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
      };
      if (process !== "web") {
        createWorkload(workload, childOpts);
        continue;
      }
      createWeb({
        ...workload,
        namespaceName: name,
        appLabels: labels,
        strategy: config.strategy,
        domains: config.domains,
        routable: config.routable,
        gateway: args.gateway,
        prometheusUrl: args.prometheusUrl,
        rolloutsCliImage: args.rolloutsCliImage ?? DEFAULT_ROLLOUTS_CLI_IMAGE,
      }, childOpts);
    }

    createNetworkPolicies({
      app: name, namespace, labels, webSelector: config.processes.web ? selectorLabels(id, "web") : undefined,
      port: config.port, routerNamespace: args.gateway.namespace,
    }, childOpts);

    this.namespace = namespace;
    this.workloads = pulumi.output(processes.map((process) => workloadName(name, process)));
    this.configMapName = pulumi.output(release.configMapName);
    this.secretName = pulumi.output(release.secretName);
    this.releases = release.history;
    this.registerOutputs({
      namespace: this.namespace,
      workloads: this.workloads,
      configMapName: this.configMapName,
      secretName: this.secretName,
      releases: this.releases,
    });
  }
}
