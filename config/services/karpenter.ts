/** `slipway:platform.karpenter`: node provisioning (components/platform/services/karpenter.ts). */
import { z } from "zod";
import { irsa, managed, rail } from "../chart-guard-rails";
import { EKS_AMI_RELEASE } from "../eks-ami";
import { integer } from "../primitives";
import { controller, defineService, enumOf, tierReplicas } from "./spec";

/** Karpenter's nodes run the same reviewed AMI release as the managed node groups (eks-ami.ts). */
const KARPENTER_AMI_ALIAS = `al2023@${EKS_AMI_RELEASE}`;

/** Go-style durations as Karpenter accepts them, e.g. 30s, 5m, 720h. */
const duration = z.string().regex(/^\d+(s|m|h)$/, { error: "expected a duration such as 30s, 5m or 720h" });

/**
 * Karpenter's `family@version` aliases for the Linux families it supports (aws/karpenter-provider-aws
 * v1.8.1, pkg/apis/v1/ec2nodeclass.go AMISelectorTerm.Alias: at most 30 characters; Amazon Linux
 * versions are the EKS AMI release tags such as v20260714, Bottlerocket's its own semver).
 */
const amiAlias = z
  .string()
  .max(30, { error: "expected at most 30 characters (Karpenter's limit)" })
  .regex(/^((al2023|al2)@(latest|v\d{8})|bottlerocket@(latest|v\d+\.\d+\.\d+))$/, {
    error: "expected an AMI alias such as al2023@v20260714, bottlerocket@v1.10.0 or, outside prod, al2023@latest",
  });

export const karpenter = defineService({
  schema: (tier, onAws) =>
    z
      .strictObject({
        ...controller(onAws, { replicas: tierReplicas(tier), resources: { cpu: "250m", memory: "256Mi" } }),
        /**
         * The EC2NodeClass AMI alias, pinned by default. `@latest` floats (Karpenter replaces every
         * node whenever AWS publishes an AMI): a stack outside prod may ask for it, prod may not.
         */
        amiAlias: amiAlias.default(KARPENTER_AMI_ALIAS),
        nodePool: z
          .strictObject({
            architectures: z
              .array(enumOf(["amd64", "arm64"]))
              .min(1)
              .default(["amd64"]),
            capacityTypes: z
              .array(enumOf(["on-demand", "spot"]))
              .min(1)
              .default(["on-demand"]),
            instanceCategories: z
              .array(z.string().regex(/^[a-z]$/, { error: "expected an instance category letter such as c, m or r" }))
              .min(1)
              .default(["c", "m", "r"]),
            cpuLimit: integer(1).default(1000),
            consolidateAfter: duration.default("1m"),
            expireAfter: duration.default("720h"),
          })
          .prefault({}),
      })
      .superRefine((k, ctx) => {
        if (tier === "prod" && k.amiAlias.endsWith("@latest"))
          ctx.addIssue({
            code: "custom",
            path: ["amiAlias"],
            message: `@latest floats and is refused in prod: pin an EKS AMI release such as ${KARPENTER_AMI_ALIAS} (https://github.com/awslabs/amazon-eks-ami/releases), the one dev runs`,
          });
      })
      .prefault({}),
  requires: [],
  uses: [],
  conflicts: [],
  needsAws: (c) => (c.enabled ? "enabled" : undefined),
  forApps: false,
  chart: {
    install: "karpenter",
    source: "components/platform/services/karpenter.ts",
    rails: {
      ...irsa(),
      "settings.clusterName": managed("Karpenter manages this cluster's nodes"),
      "settings.interruptionQueue": managed("Karpenter drains nodes ahead of Spot interruptions"),
      replicas: rail("replicas", "karpenter.replicas"),
      podDisruptionBudget: rail("budget", "karpenter.replicas"),
      podSecurityContext: rail("pod"),
      "controller.resources": rail("resources", "karpenter.resources"),
      "controller.image": rail("image"),
    },
  },
});
