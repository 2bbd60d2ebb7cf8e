/** Issue 14: a rollback deploys the digests its target release recorded, for build apps without a build. */
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { pinRecordedImages } from "../../tools/release-history/pin-images";
import type { ReleaseRecord } from "../../components/app/release-history";
import { A } from "../support/aws";
import { find, ofType, render, T, at } from "../support/stack";

const OWN = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/slipway/test/site";
const OLD = `sha256:${"1".repeat(64)}`;
const NEW = `sha256:${"2".repeat(64)}`;
const record = (config: string, image: string, version: string): ReleaseRecord => ({
  config: { name: config, resource: config },
  image,
  version,
});
const history: Record<string, ReleaseRecord[]> = {
  site: [record("c2", `${OWN}@${NEW}`, "build-bbbb"), record("c1", `${OWN}@${OLD}`, "build-aaaa")],
  web: [record("w2", `ghcr.io/acme/web@${NEW}`, "1.1.0"), record("w1", `ghcr.io/acme/web@${OLD}`, "1.0.0")],
};
// The target update's config, as the Automation API recorded it: the target commit's build is build-aaaa.
const target: ConfigMap = {
  "slipway:environment": { value: "dev", secret: false },
  "slipway:apps": {
    value: JSON.stringify({
      site: { build: { context: "examples/hello" }, env: { A: "1" } },
      web: { image: { repository: "ghcr.io/acme/web", tag: "1.0.0" } },
      other: { image: { repository: "ghcr.io/acme/other", tag: "3.0.0" } },
    }),
    secret: false,
  },
};

describe("a rollback pins the recorded digests", () => {
  const pinned = pinRecordedImages(target, history, () => "build-aaaa");
  const apps = JSON.parse(pinned.config["slipway:apps"].value);

  test("a build app runs the digest its release pushed, with no build; a tag runs its recorded digest", () => {
    expect(apps.site).toEqual({ env: { A: "1" }, image: { repository: OWN, tag: "build-aaaa", digest: OLD } });
    expect(apps.web.image).toEqual({ repository: "ghcr.io/acme/web", tag: "1.0.0", digest: OLD });
    expect(pinned.pinned).toEqual([`site: ${OWN}@${OLD}`, `web: ghcr.io/acme/web@${OLD}`]);
  });

  test("an app the history has no digest for is left as configured, and said so", () => {
    expect(apps.other).toEqual({ image: { repository: "ghcr.io/acme/other", tag: "3.0.0" } });
    expect(pinned.unpinned).toEqual(["other"]);
    expect(pinned.config["slipway:environment"]).toBe(target["slipway:environment"]);
  });

  test("the program runs the pinned build app by its recorded digest, with no ImageBuild", async () => {
    const result = await render({ environment: "dev", apps: { site: apps.site } });
    expect(ofType(result, A.image)).toEqual([]);
    const template = at(find(result, T.deployment, "site-web").inputs, "spec.template");
    expect(at(template, "spec.containers")[0].image).toBe(`${OWN}:build-aaaa@${OLD}`);
    expect(at(template, "metadata.labels")["app.kubernetes.io/version"]).toBe("build-aaaa");
  });
});
