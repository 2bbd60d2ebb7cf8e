/**
 * In an apps stack (layered mode) the platform does not know the apps' domains, so an app whose
 * domains no platform wildcard covers gets a Gateway of its own, in its own namespace: HTTPS
 * listeners for those domains (config/gateway-domains.ts names, components/platform/services/router-listeners.ts
 * listeners) admitting only the app's own routes, and their certificates beside it, from the
 * platform's ClusterIssuer. Keeping it in the app's namespace keeps the apps stack inside the
 * namespaces it is granted, and adding or removing an app never moves another app's listener.
 *
 * The router serves it with the platform's Gateways: Traefik v3.6.0 (github:traefik/traefik,
 * pkg/provider/kubernetes/gateway/kubernetes.go) loads every Gateway of its GatewayClass from any
 * namespace (loadConfigurationFromGateways L365: `p.client.ListGateways()`, filtered by class only)
 * and maps each listener to the entry point of its port (loadGatewayListeners L451:
 * `p.entryPointName(listener.Port, …)`); duplicate listeners are only detected within one Gateway
 * (L431: its `allocatedListeners` map is made per Gateway). Plain HTTP needs no listener here: the platform's redirect
 * route on its HTTP listener has no hostname, so it answers every host on that entry point.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { certificateName, listenerDomainOf } from "../../config/gateway-domains";
import { certificateSpec } from "../platform/services/cert-manager";
import { httpsListener } from "../platform/services/router-listeners";
import { after } from "./options";
import type { OwnGateways } from "./stack-context";

/** The app's domains its own Gateway serves: those no platform wildcard covers, sorted. */
export function ownGatewayDomains(domains: string[], wildcards: string[]): string[] {
  return [...new Set(domains.filter((domain) => listenerDomainOf(domain, wildcards) === domain))].sort();
}

export interface AppGatewayArgs {
  app: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  domains: string[];
  ownGateways: OwnGateways;
}

/** The app's Gateway (named after the app) and its certificates; undefined when it needs none. */
export function createAppGateway(args: AppGatewayArgs, opts: pulumi.CustomResourceOptions): CustomResource | undefined {
  const domains = ownGatewayDomains(args.domains, args.ownGateways.wildcards);
  if (domains.length === 0) return undefined;
  const { issuer } = args.ownGateways;
  const certificates = issuer
    ? domains.map(
        (domain) =>
          new CustomResource(
            `${args.app}-certificate-${certificateName(domain)}`,
            {
              apiVersion: "cert-manager.io/v1",
              kind: "Certificate",
              metadata: { name: certificateName(domain), namespace: args.namespace, labels: args.labels },
              spec: certificateSpec(domain, issuer),
            },
            opts,
          ),
      )
    : [];
  return new CustomResource(
    `${args.app}-gateway`,
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: args.app, namespace: args.namespace, labels: args.labels },
      spec: {
        gatewayClassName: args.ownGateways.className,
        listeners: domains.map((domain) => httpsListener(domain, { namespaces: { from: "Same" } })),
      },
    },
    after(opts, ...certificates),
  );
}
