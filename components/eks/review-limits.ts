/**
 * What bounds one review namespace (config/review-grants.ts): a ResourceQuota with the grant's total
 * CPU, memory and pod count, and a LimitRange that gives every container small defaults and caps it
 * at the quota. Both are the platform's: the review tenant's deploy role (app-deployer-rules.ts) may
 * not change them. The LimitRange's defaults matter because a quota on requests and limits refuses a
 * pod whose containers leave any of them unset ("must specify ...": kubernetes/kubernetes v1.33.0
 * pkg/quota/v1/evaluator/core/pods.go, podEvaluator.Constraints).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { Namespace } from "@pulumi/kubernetes/core/v1";
import { LimitRange, ResourceQuota } from "@pulumi/kubernetes/core/v1";
import { reviewedApps, reviewNamespaces, type ReviewGrant } from "../../config/review-grants";
import type { AppStackAccess } from "../../config/cluster-access";

/** Each review container's requests and limits unless it sets its own (the derived config sets these too). */
const REVIEW_CONTAINER = {
  defaultRequest: { cpu: "50m", memory: "64Mi" },
  default: { cpu: "250m", memory: "256Mi" },
} as const;

export interface ReviewLimitsArgs {
  reviewStacks: Record<string, ReviewGrant>;
  appStacks: Record<string, AppStackAccess>;
  /** The namespaces the platform created, by name (app-stacks.ts). */
  namespaces: Record<string, Namespace>;
  provider: Provider;
}

export function createReviewLimits(name: string, args: ReviewLimitsArgs, parent: pulumi.Resource): void {
  for (const source of Object.keys(args.reviewStacks).sort()) {
    const grant = args.reviewStacks[source];
    const { cpu, memory, pods } = grant.quota;
    for (const namespace of reviewNamespaces(grant, reviewedApps(grant, args.appStacks, source))) {
      const opts = { parent, provider: args.provider, dependsOn: [args.namespaces[namespace]] };
      const metadata = { name: "review", namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } };
      new ResourceQuota(
        `${name}-review-quota-${namespace}`,
        {
          metadata,
          spec: {
            hard: {
              "requests.cpu": cpu,
              "limits.cpu": cpu,
              "requests.memory": memory,
              "limits.memory": memory,
              pods: String(pods),
            },
          },
        },
        opts,
      );
      new LimitRange(
        `${name}-review-limits-${namespace}`,
        { metadata, spec: { limits: [{ type: "Container", ...REVIEW_CONTAINER, max: { cpu, memory } }] } },
        opts,
      );
    }
  }
}
