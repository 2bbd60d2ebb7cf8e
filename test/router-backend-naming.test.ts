/**
 * The router's per-backend series names, as the pinned Traefik release makes them. Expected names come
 * from Traefik's source and tests (traefik/traefik v3.6.0; see components/platform/services/router-metrics.ts),
 * not from running this code.
 */
import { ROUTER_CHART } from "../components/platform/services/router";
import {
  ROUTER_BACKEND_NAMING,
  routerBackendName,
  routerBackendSelector,
} from "../components/platform/services/router-metrics";

test("the naming in use was derived for the pinned router chart and the Traefik release it ships", () => {
  // Bumping the traefik chart or its appVersion without reading the new release's loadService fails here.
  const derived = ROUTER_BACKEND_NAMING[ROUTER_CHART.appVersion as keyof typeof ROUTER_BACKEND_NAMING];
  expect(derived?.chart).toBe(ROUTER_CHART.version);
  expect(ROUTER_CHART.appVersion).toMatch(/^v\d+\.\d+\.\d+$/);
});

test("a backendRef's leaf is <namespace>-<service>-http-<port> with the provider's suffix", () => {
  // pkg/provider/kubernetes/gateway/kubernetes_test.go L645-656 at v3.6.0: `default-whoami-http-80`.
  expect(routerBackendName("default", "whoami", 80)).toBe("default-whoami-http-80@kubernetesgateway");
  expect(routerBackendName("shop", "shop-canary", 8080)).toBe("shop-shop-canary-http-8080@kubernetesgateway");
  expect(routerBackendSelector("shop", "shop-stable", 80)).toBe(
    '{service="shop-shop-stable-http-80@kubernetesgateway"}',
  );
});

test("names go through Traefik's Normalize: every non-letter, non-digit run is one '-', edges trimmed", () => {
  // strings.FieldsFunc splits on '-' too, so repeated separators collapse and empty fields vanish.
  expect(routerBackendName("a--b", "c..d", 80)).toBe("a-b-c-d-http-80@kubernetesgateway");
  expect(routerBackendName("-ns", "svc-", 443)).toBe("ns-svc-http-443@kubernetesgateway");
  // unicode.IsLetter / IsNumber: letters and digits outside ASCII are kept.
  expect(routerBackendName("café", "x²", 1)).toBe("café-x²-http-1@kubernetesgateway");
});
