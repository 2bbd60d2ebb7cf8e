/**
 * The sha256 of each pinned chart package (.tgz), as its chart repository's index publishes it
 * (`<repo>/index.yaml`, the chart version's `digest:`), so `npm run charts -- pull` can refuse a package
 * that is not the one the pin means. Each is cited by repository URL and chart version; where the index
 * is published from a git branch, the commit of that branch the index was read at is named as the
 * index revision. Keyed by chart, with the version the digest is for: a pin bumped without this entry
 * being revisited fails test/chart-cache.test.ts. Where the digest could not be checked against what
 * the chart repository publishes, the entry says why, and pull refuses the chart unless a digest is
 * given on its command line.
 */
export type ChartDigest = { version: string } & ({ sha256: string } | { unverified: string });

const OCI =
  "an OCI chart: its digest is the manifest public.ecr.aws/karpenter publishes for the tag, not an index.yaml entry, and it has not been checked; pull does not fetch OCI charts";
const TRAEFIK_INDEX = "https://traefik.github.io/charts/index.yaml (traefik/traefik-helm-chart gh-pages)";

export const CHART_DIGESTS: Readonly<Record<string, ChartDigest>> = {
  // traefik/traefik-helm-chart's gh-pages branch serves https://traefik.github.io/charts.
  traefik: { version: "37.3.0", unverified: `${TRAEFIK_INDEX} has not been checked for traefik 37.3.0` },
  "traefik-crds": { version: "1.12.0", unverified: `${TRAEFIK_INDEX} has not been checked for traefik-crds 1.12.0` },
  "cert-manager": {
    version: "v1.19.3",
    unverified:
      "https://charts.jetstack.io/index.yaml, which no public repository publishes, has not been checked for cert-manager v1.19.3",
  },
  // https://kubernetes-sigs.github.io/external-dns/index.yaml, external-dns 1.19.0 (index revision: kubernetes-sigs/external-dns gh-pages e6ca7c5614df)
  "external-dns": { version: "1.19.0", sha256: "8bd576acf7c9074cdf6ca21662a1e923b786d0576a3e6cf3f75d252860a0af6e" },
  // https://kubernetes-sigs.github.io/metrics-server/index.yaml, metrics-server 3.13.0 (index revision: kubernetes-sigs/metrics-server gh-pages c6db65fff4d4)
  "metrics-server": { version: "3.13.0", sha256: "fb929902e3b7565663cdd1734f31d63735c932be1541a7228b5aeef6d2348a1f" },
  "kube-prometheus-stack": {
    version: "78.3.2",
    unverified:
      "https://prometheus-community.github.io/helm-charts/index.yaml (prometheus-community/helm-charts gh-pages) has not been checked for kube-prometheus-stack 78.3.2",
  },
  // https://fluent.github.io/helm-charts/index.yaml, fluent-bit 0.48.0 (index revision: fluent/helm-charts gh-pages 26ab9954df98)
  "fluent-bit": { version: "0.48.0", sha256: "6836fd0ca8a7999efa93908107e395114fec1982a7e1d1151e1aae157ec6ac81" },
  // https://argoproj.github.io/argo-helm/index.yaml, argo-rollouts 2.41.0 (index revision: argoproj/argo-helm gh-pages c77d0b1727b5)
  "argo-rollouts": { version: "2.41.0", sha256: "ff53d617efb369cd07acc595309e7fa73a602576375e0a52a78dab1e2d970df5" },
  "oci://public.ecr.aws/karpenter/karpenter": { version: "1.8.1", unverified: OCI },
  "oci://public.ecr.aws/karpenter/karpenter-crd": { version: "1.8.1", unverified: OCI },
  // https://kubernetes.github.io/autoscaler/index.yaml, cluster-autoscaler 9.50.1 (index revision: kubernetes/autoscaler gh-pages be36214bc8a1)
  "cluster-autoscaler": {
    version: "9.50.1",
    sha256: "ad4cfec95e23f4378342c86560c0eb25e5aa9a39d0b59d077a35c09f012ba053",
  },
  // https://charts.external-secrets.io/index.yaml, external-secrets 0.20.4 (index revision: external-secrets/external-secrets gh-pages 629cd695e4be)
  "external-secrets": {
    version: "0.20.4",
    sha256: "2d2f5bb4eb8d9cbe1f6d5d9673984c334cb363029498fe328d6c0e60fc47e7ea",
  },
  // https://aws.github.io/eks-charts/index.yaml, aws-load-balancer-controller 1.14.0 (index revision: aws/eks-charts gh-pages c7f9ea560178)
  "aws-load-balancer-controller": {
    version: "1.14.0",
    sha256: "f0c07f52c9b7cbd6ec6e806c73f37438837924cf8f6349e01dea373d47b6b8dc",
  },
};
