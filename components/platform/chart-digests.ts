/**
 * The sha256 of each pinned chart package (.tgz), as its repository's index.yaml states it (`digest:`),
 * so `npm run charts -- pull` can refuse a package that is not the one the pin means. Keyed by chart,
 * with the version the digest is for: a pin bumped without this entry being revisited fails
 * test/chart-cache.test.ts. Where no public source stating the digest could be read, the entry says
 * why, and pull refuses the chart unless a digest is given on its command line.
 */
export type ChartDigest = { version: string } & ({ sha256: string } | { unverified: string });

const OCI =
  "an OCI chart: its digest is the registry manifest's, not an index.yaml entry, and pull does not fetch OCI charts";

export const CHART_DIGESTS: Readonly<Record<string, ChartDigest>> = {
  // traefik.github.io/charts' index.yaml is published from no repository whose history could be read.
  traefik: { version: "37.3.0", unverified: "no public copy of https://traefik.github.io/charts/index.yaml was read" },
  "traefik-crds": {
    version: "1.12.0",
    unverified: "no public copy of https://traefik.github.io/charts/index.yaml was read",
  },
  "cert-manager": {
    version: "v1.19.3",
    unverified: "https://charts.jetstack.io/index.yaml is not published from a public repository",
  },
  // kubernetes-sigs/external-dns gh-pages (e6ca7c5614df) index.yaml, entries.external-dns 1.19.0
  "external-dns": { version: "1.19.0", sha256: "8bd576acf7c9074cdf6ca21662a1e923b786d0576a3e6cf3f75d252860a0af6e" },
  // kubernetes-sigs/metrics-server gh-pages (c6db65fff4d4) index.yaml, entries.metrics-server 3.13.0
  "metrics-server": { version: "3.13.0", sha256: "fb929902e3b7565663cdd1734f31d63735c932be1541a7228b5aeef6d2348a1f" },
  "kube-prometheus-stack": {
    version: "78.3.2",
    unverified:
      "prometheus-community/helm-charts gh-pages index.yaml is too large to be read from its public mirror here",
  },
  // fluent/helm-charts gh-pages (26ab9954df98) index.yaml, entries.fluent-bit 0.48.0
  "fluent-bit": { version: "0.48.0", sha256: "6836fd0ca8a7999efa93908107e395114fec1982a7e1d1151e1aae157ec6ac81" },
  // argoproj/argo-helm gh-pages (c77d0b1727b5) index.yaml, entries.argo-rollouts 2.41.0
  "argo-rollouts": { version: "2.41.0", sha256: "ff53d617efb369cd07acc595309e7fa73a602576375e0a52a78dab1e2d970df5" },
  "oci://public.ecr.aws/karpenter/karpenter": { version: "1.8.1", unverified: OCI },
  "oci://public.ecr.aws/karpenter/karpenter-crd": { version: "1.8.1", unverified: OCI },
  // kubernetes/autoscaler gh-pages (be36214bc8a1) index.yaml, entries.cluster-autoscaler 9.50.1
  "cluster-autoscaler": {
    version: "9.50.1",
    sha256: "ad4cfec95e23f4378342c86560c0eb25e5aa9a39d0b59d077a35c09f012ba053",
  },
  // external-secrets/external-secrets gh-pages (629cd695e4be) index.yaml, entries.external-secrets 0.20.4
  "external-secrets": {
    version: "0.20.4",
    sha256: "2d2f5bb4eb8d9cbe1f6d5d9673984c334cb363029498fe328d6c0e60fc47e7ea",
  },
  // aws/eks-charts gh-pages (c7f9ea560178) index.yaml, entries.aws-load-balancer-controller 1.14.0
  "aws-load-balancer-controller": {
    version: "1.14.0",
    sha256: "f0c07f52c9b7cbd6ec6e806c73f37438837924cf8f6349e01dea373d47b6b8dc",
  },
};
