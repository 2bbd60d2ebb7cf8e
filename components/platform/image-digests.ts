/**
 * Every image each platform service's chart runs at its pinned version (by the service's key), and the
 * digest each runs by. A digest is recorded only where an upstream source states it for exactly that
 * image and tag (cited beside it); a digest only third-party pins state is not used. An image without
 * one says why, and is looked up in its registry at preview instead (image-resolution.ts). Each row names the chart version its images were
 * read at: a chart bump fails test/platform-services/chart-hardening.ts until its images, tags,
 * digests and values keys are read again at the new version.
 */
import type { ServiceKey } from "../../config/services";

export type Digest = `sha256:${string}`;

/**
 * How a chart takes a digest, read in its templates at the pinned version:
 *  - `tag@digest`: the chart has no digest key but prints `<repository>:<tag>`, so the tag value carries
 *    `<tag>@sha256:…` (the kubelet pulls by the digest);
 *  - `digest`: a digest key printed after `@`, so it holds `sha256:…`;
 *  - `hex`: a `sha` key printed after `@sha256:`, so it holds the 64 hex digits alone.
 */
type DigestForm = "tag@digest" | "digest" | "hex";

export interface ChartImage {
  /** The image as the chart's default values name it. */
  image: string;
  /** The tag the chart runs by default at the pinned version. */
  tag: string;
  /** The values path, relative to the chart's values, that carries the digest. */
  key: string;
  form: DigestForm;
}
export type ImagePin = ChartImage & ({ digest: Digest } | { unresolved: string });

const NOT_FOUND = "no digest recorded: no upstream source cited here states one for exactly this image and tag";
const THIRD_PARTY_ONLY = "no digest recorded: only third-party pins state one for this image and tag";

/** One of cert-manager v1.19.3's images, by its component's name, and the key of its digest. */
const certManagerImage = (component: string, key: string) =>
  ({
    image: `quay.io/jetstack/cert-manager-${component}`,
    tag: "v1.19.3",
    key,
    form: "digest",
    unresolved: NOT_FOUND,
  }) as const;

const EXTERNAL_SECRETS_IMAGE = {
  image: "oci.external-secrets.io/external-secrets/external-secrets",
  tag: "v0.20.4",
  form: "tag@digest",
  unresolved: NOT_FOUND,
} as const;

export const CHART_IMAGES = {
  router: {
    chart: "37.3.0",
    images: {
      // traefik/traefik-helm-chart v37.3.0, traefik/templates/_helpers.tpl L34 prints `<registry>/<repository>:<tag>`;
      // values.yaml L10-12: "When a digest is required, `versionOverride` can be used to set the version"
      // (router.ts sets it to the appVersion). Digest: the official image's registry record,
      // docker-library/repo-info repos/traefik/remote/3.6.0.md (unconfirmed: its commit is to be
      // named); docker-library/official-images library/traefik lists each `vX.Y.Z` tag in the same
      // entry as `X.Y.Z`, so the tag here is the one that record names.
      traefik: {
        image: "docker.io/traefik",
        tag: "3.6.0",
        key: "image.tag",
        form: "tag@digest",
        digest: "sha256:18112aed2bfe3dfb8534f1045622390c3316596cff0cefab64f44e43d23e1640",
      },
    },
  },
  certManager: {
    chart: "v1.19.3",
    // cert-manager/cert-manager v1.19.3, deploy/charts/cert-manager/values.yaml: `digest` "will override
    // any tag" (L177-179, L912-914, L1225-1227, L1284-1286, L1417-1419); templates/_helpers.tpl L186.
    images: {
      controller: certManagerImage("controller", "image.digest"),
      webhook: certManagerImage("webhook", "webhook.image.digest"),
      cainjector: certManagerImage("cainjector", "cainjector.image.digest"),
      // Run by the controller for HTTP-01 challenges (--acme-http01-solver-image).
      acmesolver: certManagerImage("acmesolver", "acmesolver.image.digest"),
      startupapicheck: certManagerImage("startupapicheck", "startupapicheck.image.digest"),
    },
  },
  externalDns: {
    chart: "1.19.0",
    images: {
      // kubernetes-sigs/external-dns external-dns-helm-chart-1.19.0, charts/external-dns/templates/_helpers.tpl
      // L70-72 prints `<repository>:<tag>`. No digest: only third-party pins state one, so it is
      // looked up in registry.k8s.io at preview.
      externalDns: {
        image: "registry.k8s.io/external-dns/external-dns",
        tag: "v0.19.0",
        key: "image.tag",
        form: "tag@digest",
        unresolved: THIRD_PARTY_ONLY,
      },
    },
  },
  metricsServer: {
    chart: "3.13.0",
    images: {
      // kubernetes-sigs/metrics-server metrics-server-helm-chart-3.13.0, charts/metrics-server/templates/
      // _helpers.tpl L70-72 prints `<repository>:<tag>`. No digest: only third-party pins state one, so it
      // is looked up in registry.k8s.io at preview.
      metricsServer: {
        image: "registry.k8s.io/metrics-server/metrics-server",
        tag: "v0.8.0",
        key: "image.tag",
        form: "tag@digest",
        unresolved: THIRD_PARTY_ONLY,
      },
    },
  },
  monitoring: {
    chart: "78.3.2",
    // prometheus-community/helm-charts kube-prometheus-stack-78.3.2: each `sha` is printed after
    // `@sha256:` (templates/prometheus-operator/deployment.yaml L53-54 and L96-97, prometheus/prometheus.yaml
    // L54-55, alertmanager/alertmanager.yaml L20-21, prometheus-operator/admission-webhooks/job-patch/
    // job-createSecret.yaml L39-40); subcharts at the versions its Chart.yaml pins: grafana-10.1.2
    // (templates/_pod.tpl L977-978, L113), kube-state-metrics-6.3.0 (_helpers.tpl L142-148, printed
    // after `@`), prometheus-node-exporter-4.48.0 (_helpers.tpl L77-85, `digest` printed after `@`).
    // No upstream release states the digests of these images at these tags (third-party packages pin
    // some; those are not used), so all but the certgen's are looked up in their registries at preview.
    images: {
      operator: {
        image: "quay.io/prometheus-operator/prometheus-operator",
        tag: "v0.86.1",
        key: "prometheusOperator.image.sha",
        form: "hex",
        unresolved: THIRD_PARTY_ONLY,
      },
      configReloader: {
        image: "quay.io/prometheus-operator/prometheus-config-reloader",
        tag: "v0.86.1",
        key: "prometheusOperator.prometheusConfigReloader.image.sha",
        form: "hex",
        unresolved: NOT_FOUND,
      },
      prometheus: {
        image: "quay.io/prometheus/prometheus",
        tag: "v3.7.1",
        key: "prometheus.prometheusSpec.image.sha",
        form: "hex",
        unresolved: `${NOT_FOUND} (one is stated for docker.io/prom/prometheus:v3.7.1, a different repository)`,
      },
      alertmanager: {
        image: "quay.io/prometheus/alertmanager",
        tag: "v0.28.1",
        key: "alertmanager.alertmanagerSpec.image.sha",
        form: "hex",
        unresolved: THIRD_PARTY_ONLY,
      },
      // The admission webhook's certificate Jobs. Digest: kubernetes/ingress-nginx, the image's upstream,
      // helm-chart-4.13.3, charts/ingress-nginx/values.yaml L823-824.
      webhookCertgen: {
        image: "registry.k8s.io/ingress-nginx/kube-webhook-certgen",
        tag: "v1.6.3",
        key: "prometheusOperator.admissionWebhooks.patch.image.sha",
        form: "hex",
        digest: "sha256:3d671cf20a35cd94efc5dcd484970779eb21e7938c98fbc3673693b8a117cf39",
      },
      grafana: {
        image: "docker.io/grafana/grafana",
        tag: "12.2.0",
        key: "grafana.image.sha",
        form: "hex",
        unresolved: THIRD_PARTY_ONLY,
      },
      grafanaSidecar: {
        image: "quay.io/kiwigrid/k8s-sidecar",
        tag: "1.30.10",
        key: "grafana.sidecar.image.sha",
        form: "hex",
        unresolved: THIRD_PARTY_ONLY,
      },
      kubeStateMetrics: {
        image: "registry.k8s.io/kube-state-metrics/kube-state-metrics",
        tag: "v2.17.0",
        key: "kube-state-metrics.image.sha",
        form: "digest",
        unresolved: THIRD_PARTY_ONLY,
      },
      nodeExporter: {
        image: "quay.io/prometheus/node-exporter",
        tag: "v1.9.1",
        key: "prometheus-node-exporter.image.digest",
        form: "digest",
        unresolved: THIRD_PARTY_ONLY,
      },
    },
  },
  logging: {
    chart: "0.48.0",
    images: {
      // fluent/helm-charts fluent-bit-0.48.0, charts/fluent-bit/values.yaml L9-15, templates/_helpers.tpl L68-72.
      logging: {
        image: "cr.fluentbit.io/fluent/fluent-bit",
        tag: "3.2.1",
        key: "image.digest",
        form: "digest",
        unresolved: NOT_FOUND,
      },
    },
  },
  rollouts: {
    chart: "2.41.0",
    images: {
      // argoproj/argo-helm argo-rollouts-2.41.0, charts/argo-rollouts/templates/controller/deployment.yaml L49
      // prints `<registry>/<repository>:<tag>`.
      controller: {
        image: "quay.io/argoproj/argo-rollouts",
        tag: "v1.9.0",
        key: "controller.image.tag",
        form: "tag@digest",
        unresolved: NOT_FOUND,
      },
    },
  },
  karpenter: {
    chart: "1.8.1",
    images: {
      // The chart's own values: aws/karpenter-provider-aws charts/karpenter/values.yaml L120-126 at
      // 00cc250f446b ("chore: Release v1.8.1"; the v1.8.1 tag itself still holds 1.8.0's values), printed
      // after `@` by templates/_helpers.tpl L70-72.
      controller: {
        image: "public.ecr.aws/karpenter/controller",
        tag: "1.8.1",
        key: "controller.image.digest",
        form: "digest",
        digest: "sha256:41c28a606cbad86869384ff8ae8345203b63f81612b6fcfd2e136197dccc03ef",
      },
    },
  },
  clusterAutoscaler: {
    chart: "9.50.1",
    images: {
      // kubernetes/autoscaler cluster-autoscaler-chart-9.50.1, charts/cluster-autoscaler/templates/deployment.yaml L59.
      clusterAutoscaler: {
        image: "registry.k8s.io/autoscaling/cluster-autoscaler",
        tag: "v1.33.0",
        key: "image.tag",
        form: "tag@digest",
        unresolved: NOT_FOUND,
      },
    },
  },
  externalSecrets: {
    chart: "0.20.4",
    images: {
      // external-secrets/external-secrets helm-chart-0.20.4, deploy/charts/external-secrets/templates/
      // _helpers.tpl L175-181 prints `<repository>:<tag>` for the controller, webhook and cert controller.
      controller: { ...EXTERNAL_SECRETS_IMAGE, key: "image.tag" },
      // The same image, run by the webhook and cert controller Deployments (values.yaml L366-370, L544-547).
      webhook: { ...EXTERNAL_SECRETS_IMAGE, key: "webhook.image.tag" },
      certController: { ...EXTERNAL_SECRETS_IMAGE, key: "certController.image.tag" },
    },
  },
  loadBalancerController: {
    chart: "1.14.0",
    images: {
      // aws/eks-charts v0.0.210 (chart 1.14.0), stable/aws-load-balancer-controller/templates/deployment.yaml L213.
      controller: {
        image: "public.ecr.aws/eks/aws-load-balancer-controller",
        tag: "v2.14.0",
        key: "image.tag",
        form: "tag@digest",
        unresolved: NOT_FOUND,
      },
    },
  },
} as const satisfies Record<ServiceKey, { chart: string; images: Record<string, ImagePin> }>;

type Charts = typeof CHART_IMAGES;
/** Images whose digest is recorded, by chart: only these can be pinned. */
type PinnedOf<C extends keyof Charts> = {
  [N in keyof Charts[C]["images"]]: Charts[C]["images"][N] extends { digest: Digest } ? N : never;
}[keyof Charts[C]["images"]];

/** The value to set at the image's `key` so the chart runs it by `digest`, in the form its template expects. */
export function valueInForm(pin: ChartImage, digest: Digest): string {
  if (pin.form === "tag@digest") return `${pin.tag}@${digest}`;
  return pin.form === "digest" ? digest : digest.slice("sha256:".length);
}

/** The value to set at the image's `key` so the chart runs it by its recorded digest. */
export function digestValue<C extends keyof Charts>(chart: C, image: PinnedOf<C>): string {
  const pin = (CHART_IMAGES[chart].images as Record<PinnedOf<C>, ChartImage & { digest: Digest }>)[image];
  return valueInForm(pin, pin.digest);
}
