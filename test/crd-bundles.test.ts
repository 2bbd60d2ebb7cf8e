/**
 * Custom resources are validated against the CRDs of the releases Slipway pins: each bundle's folder
 * is named from its pin, so bumping a pin without the new release's CRDs in ../shared/upstream/crds/
 * fails here, and the files there are that release's.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CRD_BUNDLES, UPSTREAM_CRDS } from "../tools/harness/crd/bundles";

test("every pinned bundle's CRD folder exists and defines each of its API groups", () => {
  expect(CRD_BUNDLES.map((b) => b.folder)).toEqual([
    "gateway-api-v1.4.0",
    "argo-rollouts-v1.9.0",
    "cert-manager-v1.19.3",
    "karpenter-1.8.1",
    "prometheus-operator-kps-78.3.2",
    "external-secrets-0.20.4",
  ]);
  for (const bundle of CRD_BUNDLES) {
    const dir = join(UPSTREAM_CRDS, bundle.folder);
    expect([bundle.folder, existsSync(dir)]).toEqual([bundle.folder, true]);
    const text = readdirSync(dir)
      .map((file) => readFileSync(join(dir, file), "utf8"))
      .join("\n");
    for (const group of bundle.groups)
      expect([bundle.folder, group, text.includes(`group: ${group}\n`)]).toEqual([bundle.folder, group, true]);
  }
});

test("the Gateway API files are the release the folder names", () => {
  const dir = join(UPSTREAM_CRDS, CRD_BUNDLES[0].folder);
  const text = readdirSync(dir)
    .map((file) => readFileSync(join(dir, file), "utf8"))
    .join("\n");
  const versions = new Set([...text.matchAll(/gateway\.networking\.k8s\.io\/bundle-version: (\S+)/g)].map((m) => m[1]));
  expect([...versions]).toEqual([CRD_BUNDLES[0].folder.replace("gateway-api-", "")]);
});
