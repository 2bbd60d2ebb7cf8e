/**
 * Everything one app runs as (Deis Workflow's app): its namespace and service account, the release
 * objects of its config, one workload per process type (`web` following the app's strategy), the
 * Services and HTTPRoute for `web`, and the guard-rails (autoscaler, disruption budget, network
 * policy) around them.
 */
import * as pulumi from "@pulumi/pulumi";
import { Namespace, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type { AppConnections } from "../../config/app-network";
import type { AppConfig, AppSecrets, SecretsDigest } from "../../config/types";
import { appRolePath, ServiceAccountRole } from "../iam";
import { bucketStatements } from "./aws-access";
import { resolveImage } from "./image";
import { appLabels, processLabels, selectorLabels, TENANT_LABEL, type AppIdentity } from "../../config/labels";
import { podSecurityLabels } from "../platform/pod-security";
import { RELEASE_CHECK_EGRESS, createNetworkPolicies } from "./network-policy";
import type { ReleaseRecord } from "./release-history";
import { createReleaseObjects } from "./release-objects";
import type { StackContext } from "./stack-context";
import type { ReleaseEvent } from "../../config/notifications";
import { createNotifications, notificationAnnotations } from "./notifications";
import { createWeb } from "./web";
import { createCronJob } from "./cron-job";
import { createWorkload, workloadName } from "./workload";
import { after } from "./options";
import { createReleaseCommand, withReleaseCommand } from "./release-command";
import { releaseChange, runsReleaseCommand } from "./release-kind";

export interface AppArgs {
  /** What every app of the stack shares. */
  context: StackContext;
  config: AppConfig;
  secrets: AppSecrets;
  secretsDigest?: SecretsDigest;
  /** The release history the previous update exported for this app (newest first). */
  previousReleases?: ReleaseRecord[];
  /** The content digest of the app's build, when it builds its image. */
  buildDigest?: string;
  /** The digest the configured image tag names now, when it could be looked up. */
  tagDigest?: string;
  /** The apps of the stack this one calls, and those that call it (config/app-network.ts). */
  connections: AppConnections;
  /** Where the app's Rollout reports its releases (`slipway:notifications`). */
  notifications?: { webhookUrl: pulumi.Output<string>; events: ReleaseEvent[] };
}

function ownNamespaceVersion(context: StackContext): string {
  if (!context.podSecurityVersion)
    throw new Error("an App that creates its namespace needs context.podSecurityVersion");
  return context.podSecurityVersion;
}

/**
 * What the stack exports of an app (stacks/outputs.ts), kept instead of the App: an App holds every
 * resource it declared (the SDK's set of a component's children) and their Outputs, so holding the
 * Apps kept a whole stack's resources alive to the end of the run (docs/performance.md). The
 * namespace is named after the app, so its name is exported as that plain string.
 */
export type AppOutputs = Pick<App, "workloads" | "configMapName" | "secretName" | "releases"> & { namespace: string };

export class App extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly workloads: pulumi.Output<string[]>;
  public readonly configMapName: pulumi.Output<string>;
  public readonly secretName: pulumi.Output<string | undefined>;
  /** This update's release history, newest first: the next update keeps these objects. */
  public readonly releases: pulumi.Output<ReleaseRecord[]>;

  constructor(name: string, args: AppArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:app:App", name, {}, { ...opts, dependsOn: args.context.platformDependencies });
    const { config, context } = args;
    const id: AppIdentity = { app: name, stack: context.stack, environment: context.environment };
    const labels = appLabels(id);
    // Every child waits for the platform itself: Pulumi does not pass a component's dependsOn down.
    const childOpts: pulumi.CustomResourceOptions = {
      parent: this,
      provider: context.provider,
      dependsOn: context.platformDependencies,
    };

    // Retained when the app goes: Pulumi deletes each object it declared, but deleting the namespace
    // would take whatever else lives there; and a stack split hands it to the platform (docs/layers.md).
    const namespace = context.namespacesFromPlatform
      ? pulumi.output(name)
      : new Namespace(
          `${name}-ns`,
          {
            metadata: {
              name,
              // A team's app runs here: restricted, and the platform's admission policies bind to the tenant label.
              labels: {
                ...labels,
                [TENANT_LABEL]: context.stack,
                ...podSecurityLabels("restricted", ownNamespaceVersion(context)),
              },
            },
          },
          { ...childOpts, retainOnDelete: true },
        ).metadata.name;
    // The config check refuses `aws` without EKS, so context.aws is there whenever config.aws is.
    // The EKS pod identity webhook mounts its own projected token for IRSA; the API token stays unmounted.
    const awsRole =
      config.aws &&
      context.aws &&
      new ServiceAccountRole(
        `${name}-aws`,
        {
          oidc: context.aws.oidc,
          namespace: name,
          serviceAccount: name,
          statements: bucketStatements(config.aws.buckets, context.aws),
          permissionsBoundary: context.aws.permissionsBoundaryArn,
          tags: context.aws.tags,
          path: appRolePath(context.stack),
        },
        { parent: this },
      );
    const roleArn = awsRole ? awsRole.roleArn : config.serviceAccount.iamRoleArn;
    const serviceAccount = new ServiceAccount(
      `${name}-sa`,
      {
        metadata: {
          name,
          namespace,
          labels,
          annotations: roleArn ? { "eks.amazonaws.com/role-arn": roleArn } : undefined,
        },
        automountServiceAccountToken: config.serviceAccount.automountToken,
      },
      childOpts,
    );

    const image = resolveImage(name, config, context.registry, args.buildDigest, args.tagDigest, this);
    const release = createReleaseObjects(
      {
        app: name,
        namespace,
        labels,
        env: config.env,
        secrets: args.secrets,
        nameKey: context.secretNameKey,
        knownNameKey: context.knownSecretNameKey,
        secretsDigest: args.secretsDigest,
        previous: args.previousReleases ?? [],
        keep: config.releaseHistory,
        image: image.reference,
        version: image.version,
      },
      childOpts,
    );

    // What every pod of this release runs with, its process aside.
    const pods = (process: string) => ({
      app: name,
      namespace,
      image: image.reference,
      port: config.port,
      serviceAccountName: name,
      automountToken: config.serviceAccount.automountToken,
      runAsUser: config.runAsUser,
      shutdown: config.shutdown,
      labels: {
        ...processLabels(id, process),
        ...(image.version ? { "app.kubernetes.io/version": image.version } : {}),
      },
      selector: selectorLabels(id, process),
      releaseObjects: release,
    });

    const previous = args.previousReleases ?? [];
    const change = releaseChange(
      {
        configName: release.configMapName,
        secretName: release.knownSecretName,
        digest: config.image?.digest ?? args.tagDigest,
        version: image.version,
      },
      previous,
    );
    const releaseCommand =
      config.release && runsReleaseCommand(config.release.on, change, previous[0])
        ? createReleaseCommand(
            {
              ...pods("release-phase"),
              // Nothing routes to the Job's pod: it has nothing to drain before it stops.
              shutdown: { ...config.shutdown, preStopSeconds: 0 },
              release: config.release,
              resources: config.resources,
            },
            after(childOpts, serviceAccount, ...release.objects),
          )
        : undefined;
    // No workload changes before the release command has succeeded (release-command.ts).
    const workloadOpts = releaseCommand ? after(childOpts, releaseCommand.job) : childOpts;

    // Only a Rollout reports through Argo Rollouts and has a release check; a rolling Deployment is
    // reported by `pulumi up`.
    const webByRollout = config.processes.web !== undefined && config.strategy.type !== "rolling";
    const policies = createNetworkPolicies(
      {
        app: name,
        namespace,
        labels,
        webSelector: config.processes.web ? selectorLabels(id, "web") : undefined,
        port: config.port,
        routerNamespace: context.gateway.namespace,
        egress: config.network.egress,
        releaseCheck: webByRollout,
        callsApiServer: config.serviceAccount.automountToken,
        connections: args.connections,
        webSelectorOf: (app) => selectorLabels({ ...id, app }, "web"),
      },
      childOpts,
    );

    const processes = Object.keys(config.processes);
    for (const process of processes) {
      const workload = {
        ...pods(process),
        process,
        settings: config.processes[process],
        revisionHistoryLimit: config.revisionHistoryLimit,
        rolloutTimeoutSeconds: config.rolloutTimeoutSeconds,
      };
      const { schedule } = workload.settings;
      if (schedule) {
        createCronJob(workload, schedule, workloadOpts);
        continue;
      }
      if (process !== "web") {
        createWorkload(workload, workloadOpts);
        continue;
      }
      const notifications = webByRollout ? args.notifications : undefined;
      if (notifications) {
        createNotifications({ app: name, stack: context.stack, namespace, labels, ...notifications }, childOpts);
      }
      createWeb(
        {
          ...workload,
          namespaceName: name,
          appLabels: labels,
          traffic: config,
          platform: context,
          annotations: notifications && notificationAnnotations(notifications.events),
          checkAfter: RELEASE_CHECK_EGRESS in policies ? [policies[RELEASE_CHECK_EGRESS]] : [],
        },
        workloadOpts,
      );
    }

    this.namespace = namespace;
    this.workloads = pulumi.output(processes.map((process) => workloadName(name, process)));
    this.configMapName = pulumi.output(release.configMapName);
    this.secretName = pulumi.output(release.secretName);
    this.releases = releaseCommand ? withReleaseCommand(release.history, releaseCommand.name) : release.history;
    this.registerOutputs({
      namespace: this.namespace,
      workloads: this.workloads,
      configMapName: this.configMapName,
      secretName: this.secretName,
      releases: this.releases,
    });
  }
}
