/**
 * Logging: Fluent Bit on every node ships container logs to CloudWatch Logs (a KMS-encrypted log group
 * per stack, retention from config, written through an IRSA role scoped to that group), or for a
 * local cluster to a Fluent forward endpoint or stdout.
 */
import * as pulumi from "@pulumi/pulumi";
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import { Key } from "@pulumi/aws/kms/key";
import type { PlatformConfig } from "../../../config/types";
import type { ActionSources } from "../../iam";
import { FREE_FORM, type ChartPin } from "../charts";
import { NO_UPSTREAM_DIGEST, type ServiceImages } from "../image-digests";
import { type Admission, metricsAdmission } from "../namespace-policies";
import {
  createNamespace,
  helmChart,
  irsaAnnotation,
  irsaRole,
  podResources,
  RESTRICTED_CONTAINER,
  requireAws,
  type AwsContext,
  type ServiceArgs,
} from "../common";

export const LOGGING_CHART = {
  chart: "fluent-bit",
  version: "0.48.0",
  repo: "https://fluent.github.io/helm-charts",
  // https://fluent.github.io/helm-charts/index.yaml, fluent-bit 0.48.0 (index revision: fluent/helm-charts gh-pages 26ab9954df98)
  packageDigest: { version: "0.48.0", sha256: "6836fd0ca8a7999efa93908107e395114fec1982a7e1d1151e1aae157ec6ac81" },
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
export const LOGGING_IMAGES = {
  chart: "0.48.0",
  images: {
    // fluent/helm-charts fluent-bit-0.48.0, charts/fluent-bit/values.yaml L9-15, templates/_helpers.tpl L68-72.
    logging: {
      image: "cr.fluentbit.io/fluent/fluent-bit",
      tag: "3.2.1",
      key: "image.digest",
      form: "digest",
      unresolved: NO_UPSTREAM_DIGEST,
    },
  },
} as const satisfies ServiceImages;

/** Who may call its namespace, on which ports (namespace-policies.ts). */
// fluent/helm-charts fluent-bit-0.48.0 charts/fluent-bit/values.yaml
export const LOGGING_INGRESS: readonly Admission[] = [metricsAdmission(2020, "metricsPort")];

export interface LoggingArgs extends ServiceArgs {
  config: PlatformConfig["logging"];
}

const NAMESPACE = "slipway-logging";

/**
 * The restricted container less runAsNonRoot: the node's log files are root-only, so Fluent Bit runs as
 * root, exempt from k8s-run-as-non-root (and k8s-no-host-access) in policy/policies/lib/exemptions.ts.
 * Its root filesystem stays read-only: the chart's tail input sets no DB, so offsets live in memory.
 */
const { runAsNonRoot: _root, ...ROOT_READER } = RESTRICTED_CONTAINER;
const SERVICE_ACCOUNT = "fluent-bit";

function logGroupName(stack: string): string {
  return `/slipway/${stack}/containers`;
}

/** Where logs go, with what each destination needs. */
type Destination =
  | { kind: "cloudwatch"; region: pulumi.Input<string>; logGroup: string }
  | { kind: "forward"; host: string; port: number }
  | { kind: "stdout" };

/** The Fluent Bit [OUTPUT] section for the destination. */
function fluentBitOutput(destination: Destination): pulumi.Output<string> {
  if (destination.kind === "cloudwatch") {
    return pulumi.interpolate`[OUTPUT]
    Name cloudwatch_logs
    Match kube.*
    region ${destination.region}
    log_group_name ${destination.logGroup}
    log_stream_prefix node-
    log_stream_template $kubernetes['namespace_name'].$kubernetes['pod_name'].$kubernetes['container_name']
    auto_create_group Off
`;
  }
  if (destination.kind === "forward") {
    return pulumi.output(`[OUTPUT]
    Name forward
    Match kube.*
    Host ${destination.host}
    Port ${destination.port}
`);
  }
  return pulumi.output(`[OUTPUT]
    Name stdout
    Match kube.*
    Format json_lines
`);
}

const CLOUDWATCH_OUTPUT = "fluent/fluent-bit v3.2.1 plugins/out_cloudwatch_logs/cloudwatch_api.c";

/**
 * What the cloudwatch_logs output calls at the chart's appVersion (3.2.1), with auto_create_group Off
 * (no CreateLogGroup, no PutRetentionPolicy): it creates its streams and writes to them, nothing else.
 */
export const FLUENT_BIT_ACTION_SOURCES: ActionSources = {
  "logs:CreateLogStream": `${CLOUDWATCH_OUTPUT}:1426`,
  "logs:PutLogEvents": `${CLOUDWATCH_OUTPUT}:1531`,
};

/** The key CloudWatch Logs encrypts the group with: the account administers it, Logs may use it for this group only. */
function keyPolicy(aws: AwsContext, logGroup: string): pulumi.Output<string> {
  return pulumi.all([aws.partition, aws.region, aws.accountId]).apply(([partition, region, account]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministers",
          Effect: "Allow",
          Principal: { AWS: `arn:${partition}:iam::${account}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "CloudWatchLogsEncrypts",
          Effect: "Allow",
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: {
            ArnEquals: {
              "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${account}:log-group:${logGroup}`,
            },
          },
        },
      ],
    }),
  );
}

export class Logging extends pulumi.ComponentResource {
  public readonly logGroupName?: pulumi.Output<string>;

  constructor(name: string, args: LoggingArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:platform:Logging", name, {}, opts);
    const { config } = args;
    const namespace = createNamespace(this, args, "logging", NAMESPACE);
    let annotations: Record<string, pulumi.Output<string>> = {};
    let destination: Destination = { kind: "stdout" };
    if (config.destination === "forward") {
      // The schema refuses forward without its address; this keeps the union honest.
      if (!config.forward) throw new Error("slipway:platform.logging.forward: expected { host, port }");
      destination = { kind: "forward", host: config.forward.host, port: config.forward.port };
    }

    if (config.destination === "cloudwatch") {
      const aws = requireAws(args, "logging");
      const groupName = logGroupName(args.stack);
      const key = new Key(
        "logs",
        {
          description: `Encrypts the Slipway ${args.stack} container log group`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: keyPolicy(aws, groupName),
          // Losing the key loses every log encrypted with it: prod keeps it through a stray `destroy`.
        },
        { parent: this, protect: args.environment === "prod" },
      );
      const group = new LogGroup(
        "containers",
        { name: groupName, retentionInDays: config.retentionDays, kmsKeyId: key.arn },
        { parent: this },
      );
      const role = irsaRole(this, args, "fluent-bit", NAMESPACE, SERVICE_ACCOUNT, [
        {
          Sid: "WriteContainerLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [group.arn, pulumi.interpolate`${group.arn}:*`],
        },
      ]);
      annotations = irsaAnnotation(role);
      destination = { kind: "cloudwatch", region: aws.region, logGroup: groupName };
      this.logGroupName = group.name;
    }

    // helm.v4.Chart: a DaemonSet and its RBAC, no hooks, every object visible to previews and policies.
    helmChart(
      "fluent-bit",
      {
        pin: LOGGING_CHART,
        releaseName: "fluent-bit",
        namespace,
        extra: { service: "logging", values: args.config.values },
        // Keys checked in fluent/helm-charts fluent-bit-0.48.0, charts/fluent-bit/values.yaml:
        // resources, podSecurityContext, securityContext, tolerations, config.outputs. The hot-reload
        // sidecar (hotReload.enabled) stays off; the image tag defaults to the appVersion (3.2.1).
        values: {
          serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations },
          resources: podResources(config.resources),
          podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
          securityContext: ROOT_READER,
          // Logs are needed from every node, tainted ones included.
          tolerations: [{ operator: "Exists" }],
          config: { outputs: fluentBitOutput(destination) },
        },
      },
      this,
      args,
    );
    this.registerOutputs({ logGroupName: this.logGroupName });
  }
}
