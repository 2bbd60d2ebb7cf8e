/**
 * Whether NetworkPolicies let one endpoint connect to another, by the semantics of the Kubernetes API
 * (networking.k8s.io/v1 NetworkPolicy, kubernetes/kubernetes v1.33.0 pkg/apis/networking/types.go):
 * a pod selected by no policy of a direction is open in that direction; once selected, only what some
 * selecting policy's rule admits passes; a connection needs the source's egress and the target's
 * ingress. Peers: `podSelector` alone is the policy's own namespace, `namespaceSelector` alone every pod
 * of the namespaces it selects, both together the pods they both select, `ipBlock` an address range
 * (evaluated on the endpoint's IP). A rule without `ports` admits every port; a port without
 * `protocol` is TCP. Named ports are refused here: Slipway's policies use numbers.
 */
import { parseCidr } from "../../config/cidr";

type Labels = Record<string, string>;
interface Selector {
  matchLabels?: Labels;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: Array<{ protocol?: string; port?: number | string; endPort?: number }>;
}
export interface NetworkPolicyObject {
  metadata: { name: string; namespace: string };
  spec: { podSelector: Selector; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
}

/** A pod (namespace, labels and IP) or an address outside the cluster (IP only). */
export type Endpoint = { namespace: string; labels: Labels; ip: string } | { ip: string };
export interface Connection {
  port: number;
  protocol?: "TCP" | "UDP";
}

function selects(selector: Selector, labels: Labels): boolean {
  const label = (key: string) => (Object.hasOwn(labels, key) ? labels[key] : undefined);
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => label(k) === v);
  return (
    byLabels &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      const value = label(key);
      if (operator === "In") return value !== undefined && values.includes(value);
      if (operator === "NotIn") return value === undefined || !values.includes(value);
      if (operator === "Exists") return value !== undefined;
      if (operator === "DoesNotExist") return value === undefined;
      throw new Error(`unknown selector operator ${operator}`);
    })
  );
}

function inCidr(ip: string, cidr: string): boolean {
  const range = parseCidr(cidr);
  const address = parseCidr(`${ip}/32`);
  if (!range || !address) throw new Error(`not an IPv4 range or address: ${cidr}, ${ip}`);
  const size = 2 ** (32 - range.prefix);
  const start = Math.floor(range.base / size) * size;
  return address.base >= start && address.base < start + size;
}

export class NetworkPolicies {
  constructor(
    private readonly policies: NetworkPolicyObject[],
    /** Each namespace's labels (the API server adds kubernetes.io/metadata.name to every one). */
    private readonly namespaces: Record<string, Labels>,
  ) {}

  private namespaceLabels(namespace: string): Labels {
    return { ...this.namespaces[namespace], "kubernetes.io/metadata.name": namespace };
  }

  private peerMatches(peer: Peer, policyNamespace: string, endpoint: Endpoint): boolean {
    if (peer.ipBlock)
      return inCidr(endpoint.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(endpoint.ip, c));
    if (!("namespace" in endpoint)) return false;
    const namespaceOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector, this.namespaceLabels(endpoint.namespace))
      : endpoint.namespace === policyNamespace;
    return namespaceOk && (!peer.podSelector || selects(peer.podSelector, endpoint.labels));
  }

  private static portMatches(rule: Rule, connection: Connection): boolean {
    if (!rule.ports || rule.ports.length === 0) return true;
    return rule.ports.some((p) => {
      if (typeof p.port === "string") throw new Error(`named port ${p.port}: not evaluated here`);
      const protocol = (p.protocol ?? "TCP") === (connection.protocol ?? "TCP");
      if (p.port === undefined) return protocol;
      return protocol && connection.port >= p.port && connection.port <= (p.endPort ?? p.port);
    });
  }

  /** Whether `pod`'s policies of one direction admit `peer`; true when no policy selects the pod. */
  private admits(direction: "Ingress" | "Egress", pod: Endpoint, peer: Endpoint, connection: Connection): boolean {
    if (!("namespace" in pod)) return true;
    const selecting = this.policies.filter(
      (p) =>
        p.metadata.namespace === pod.namespace &&
        selects(p.spec.podSelector, pod.labels) &&
        (p.spec.policyTypes ?? (direction === "Ingress" || p.spec.egress ? [direction] : [])).includes(direction),
    );
    if (selecting.length === 0) return true;
    return selecting.some((policy) =>
      ((direction === "Ingress" ? policy.spec.ingress : policy.spec.egress) ?? []).some((rule) => {
        const peers = direction === "Ingress" ? rule.from : rule.to;
        const peerOk =
          !peers || peers.length === 0 || peers.some((p) => this.peerMatches(p, policy.metadata.namespace, peer));
        return peerOk && NetworkPolicies.portMatches(rule, connection);
      }),
    );
  }

  allows(from: Endpoint, to: Endpoint, connection: Connection): boolean {
    return this.admits("Egress", from, to, connection) && this.admits("Ingress", to, from, connection);
  }
}
