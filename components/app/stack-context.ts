/**
 * What every app of a stack shares (as cdk-eks-blueprints' ClusterInfo): built once by the program and
 * handed to each App beside that app's own config.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import type { PlatformConfig } from "../../config/types";
import type { CheckImages } from "../platform/check-images";
import type { ImageRegistry } from "../registry";
import type { AppAwsContext } from "./aws-access";

export interface StackContext {
  stack: string;
  environment: string;
  /** The cluster's provider; every Kubernetes object of every app uses it. */
  provider?: k8s.Provider;
  /**
   * The shared Gateway the apps' routes attach to: each route to the shards of its domains. In an apps
   * stack its `wildcards` are the stack's wildcard grants: a domain's listener is its grant's
   * (components/platform/services/router-listeners.ts).
   */
  gateway: PlatformConfig["gateway"];
  /**
   * Set in an apps stack: the platform stack creates each app's namespace (components/eks/app-stacks.ts),
   * because its deploy role may not create namespaces; the app only fills it.
   */
  namespacesFromPlatform?: boolean;
  /**
   * The Pod Security Standards version an app's own namespace pins (config/cluster.ts podSecurityVersion):
   * set where the stack creates its apps' namespaces, absent with namespacesFromPlatform.
   */
  podSecurityVersion?: string;
  /** Where the apps' own images live (tag-only images and builds). */
  registry?: ImageRegistry;
  /** Per-stack key that names Secrets without revealing their values. */
  secretNameKey: pulumi.Input<string>;
  /** The same key as the previous update exported it; absent on a stack's first update. */
  knownSecretNameKey?: string;
  /** Where AnalysisTemplates query the router's metrics. */
  prometheusUrl?: pulumi.Input<string>;
  /** What an IRSA role for an app's `aws` config needs; present only on EKS. */
  aws?: AppAwsContext;
  /** The references the smoke and release checks run, as the platform resolved and admits them. */
  checkImages: CheckImages;
  /** What every app's objects are created after: the platform's CRDs and the Gateway. */
  platformDependencies: pulumi.Resource[];
}
