/**
 * Where Kubernetes runs, and the provider every Kubernetes resource in the stack goes through.
 * `eks`: a hardened EKS cluster (components/eks/*) in the given network, reached with a credential-free
 * kubeconfig. `existing`: a context of the local kubeconfig; no AWS resource at all.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { ClusterConfig, EksClusterConfig } from "../config/types";
import { awsNamePart } from "../config/aws-names";
import type { AwsTags } from "./aws-common";
import type { ClusterIdentity } from "./cluster-identity";
import { buildEks } from "./eks/eks";

/** An EKS cluster runs in a network (the VPC and its private subnets); an existing one brings its own. */
export type ClusterArgs = { stack: string; tags: AwsTags } & (
  | { config: EksClusterConfig; network: { vpcId: pulumi.Input<string>; privateSubnetIds: pulumi.Input<string[]> } }
  | { config: Exclude<ClusterConfig, EksClusterConfig> }
);

/** The EKS cluster's name: from config, else slipway-<stack>. Known before the cluster exists (subnet tags use it). */
export function eksClusterName(config: ClusterConfig, stack: string): string {
  return config.mode === "eks" && config.name ? config.name : `slipway-${awsNamePart(stack)}`;
}

export class Cluster extends pulumi.ComponentResource {
  public readonly identity: ClusterIdentity;
  public readonly provider: Provider;
  /** The EKS cluster's name, or the kubeconfig context in `existing` mode ("" for the current context). */
  public readonly name: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string | undefined>;
  /** IRSA issuer (host and path, no scheme); undefined in `existing` mode. */
  public readonly oidcIssuer: pulumi.Output<string | undefined>;
  /** Secret; undefined in `existing` mode, where the local kubeconfig already has the context. */
  public readonly kubeconfig: pulumi.Output<string | undefined>;

  constructor(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:cluster:Cluster", name, {}, opts);
    if ("network" in args) {
      const { config, network } = args;
      const eks = buildEks(
        name,
        { clusterName: eksClusterName(config, args.stack), config, network, tags: args.tags },
        this,
      );
      this.identity = eks.identity;
      this.name = eks.identity.eks.clusterName;
      this.endpoint = eks.endpoint;
      this.oidcIssuer = eks.identity.oidc.issuer;
      this.kubeconfig = eks.kubeconfig;
    } else {
      const { config } = args;
      const provider = new Provider(`${name}-k8s`, { context: config.context }, { parent: this });
      this.identity = { mode: "existing", provider };
      this.name = pulumi.output(config.context ?? "");
      this.endpoint = pulumi.output(undefined);
      this.oidcIssuer = pulumi.output(undefined);
      this.kubeconfig = pulumi.output(undefined);
    }
    this.provider = this.identity.provider;
    this.registerOutputs({
      name: this.name,
      endpoint: this.endpoint,
      oidcIssuer: this.oidcIssuer,
      kubeconfig: this.kubeconfig,
    });
  }
}
