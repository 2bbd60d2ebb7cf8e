/** One EKS managed node group in `slipway:cluster.nodeGroups`. */
import { z } from "zod";
import { dnsLabel, integer } from "./primitives";
import type { Tier } from "./tiers";

export const nodeGroupName = dnsLabel("a node group name", 30);

const instanceType = z
  .string({ error: "expected an EC2 instance type such as m7i.large" })
  .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: "expected an EC2 instance type such as m7i.large" });

/** Graviton families carry a `g` right after the generation digit: m7g, c7gn, t4g, r8gd. */
function isArmInstanceType(type: string): boolean {
  return /^[a-z]+\d+g[a-z]*\./.test(type);
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelKey = z
  .string()
  .regex(LABEL_KEY, { error: "expected a Kubernetes label key such as workload or example.com/pool" })
  .refine((key) => !/(^|\.)(kubernetes\.io|k8s\.io)\//.test(key), {
    error: "expected a label key outside the reserved kubernetes.io/ and k8s.io/ prefixes",
  });
const labelValue = z
  .string({ error: "expected a Kubernetes label value" })
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, {
    error: "expected a label value: at most 63 letters, digits, '-', '_', '.'",
  });

const taintSchema = z.strictObject({
  key: labelKey,
  value: labelValue.optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"], {
    error: "expected one of NoSchedule, PreferNoSchedule, NoExecute",
  }),
});

export const nodeGroupSchema = z
  .strictObject({
    instanceTypes: z
      .array(instanceType, { error: "expected a list of EC2 instance types" })
      .min(1, { error: "expected at least one instance type" }),
    capacityType: z.enum(["on-demand", "spot"], { error: "expected on-demand or spot" }).default("on-demand"),
    /** The CPU architecture of the AMI (Amazon Linux 2023); instance types must match it. */
    arch: z.enum(["amd64", "arm64"], { error: "expected amd64 or arm64" }).default("amd64"),
    min: integer(0, 1000),
    /** The starting size only: once the group exists, a node autoscaler owns it (Pulumi ignores drift). */
    desired: integer(0, 1000),
    max: integer(1, 1000),
    labels: z.record(labelKey, labelValue).default({}),
    taints: z.array(taintSchema).default([]),
    diskSizeGiB: integer(20, 16384).default(50),
    /** The EKS AMI release the group runs; by default the reviewed one for the cluster's minor (eks-ami.ts). */
    releaseVersion: z
      .string({ error: "expected an EKS AMI release version such as 1.33.13-20260714" })
      .regex(/^1\.\d{2}\.\d+-\d{8}$/, { error: "expected an EKS AMI release version such as 1.33.13-20260714" })
      .optional(),
  })
  .superRefine((group, ctx) => {
    if (group.desired < group.min)
      ctx.addIssue({ code: "custom", path: ["desired"], message: `expected desired ≥ min (${group.min})` });
    if (group.desired > group.max)
      ctx.addIssue({ code: "custom", path: ["desired"], message: `expected desired ≤ max (${group.max})` });
    if (group.capacityType === "spot" && group.instanceTypes.length < 2) {
      ctx.addIssue({
        code: "custom",
        path: ["instanceTypes"],
        message: "expected at least two instance types for spot capacity (spread over spot pools)",
      });
    }
    group.instanceTypes.forEach((type, index) => {
      if (isArmInstanceType(type) !== (group.arch === "arm64")) {
        ctx.addIssue({
          code: "custom",
          path: ["instanceTypes", index],
          message: `expected an ${group.arch} instance type (arch is ${group.arch}), got "${type}"`,
        });
      }
    });
  });

export type NodeGroupConfig = z.output<typeof nodeGroupSchema>;

/** One general-purpose group; prod keeps a node per zone even when idle. */
export const DEFAULT_NODE_GROUPS: Record<Tier, Record<string, z.input<typeof nodeGroupSchema>>> = {
  dev: { general: { instanceTypes: ["m7i.large"], min: 1, desired: 2, max: 4 } },
  staging: { general: { instanceTypes: ["m7i.large"], min: 2, desired: 3, max: 6 } },
  prod: { general: { instanceTypes: ["m7i.xlarge"], min: 3, desired: 3, max: 12 } },
};
