/** stacks/review-images.ts: which review copies get a repository of their own, and which read their original's. */
import type { AppConfig, RegistryConfig } from "../config/types";
import { reviewImages } from "../stacks/review-images";

const REGISTRY = { mode: "ecr", scanOnPush: true } as RegistryConfig;
const APPS = {
  "rv-1-web": { build: { context: "apps/web" } },
  "rv-1-api": { image: { tag: "2.0.0" } },
  "rv-1-cart": { image: { repository: "ghcr.io/acme/cart", tag: "3.2.0" } },
} as unknown as Record<string, AppConfig>;
const ORIGINALS = { "rv-1-web": "web", "rv-1-api": "api", "rv-1-cart": "cart" };
const review = (originals: Record<string, string>) => ({ source: "shop", pr: 7, slot: 1, originals });

test("a copy that builds owns a repository; one of its app's own repository reads the original's; one of another registry needs neither", () => {
  expect(reviewImages(APPS, REGISTRY, review(ORIGINALS))).toEqual({
    registry: { ...REGISTRY, apps: ["rv-1-web"] },
    borrowed: { "rv-1-api": { stack: "shop", app: "api" } },
  });
});

test("where the platform's registry lists its apps, a copy of an unlisted app gets no repository, as its original has none", () => {
  expect(reviewImages(APPS, { ...REGISTRY, apps: ["api"] }, review(ORIGINALS))).toEqual({
    registry: { ...REGISTRY, apps: [] },
    borrowed: { "rv-1-api": { stack: "shop", app: "api" } },
  });
});

test("a marker recorded before originals were keeps every copy in a repository of its own", () => {
  expect(reviewImages(APPS, REGISTRY, review({}))).toEqual({
    registry: { ...REGISTRY, apps: ["rv-1-api", "rv-1-cart", "rv-1-web"] },
    borrowed: {},
  });
});
