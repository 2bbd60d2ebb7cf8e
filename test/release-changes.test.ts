import type { ConfigMap } from "@pulumi/pulumi/automation";
import { changeLines, describeChanges } from "../tools/release-history/changes";

/** Config entries as the CLI reports them: objects carry `objectValue`. */
function config(entries: Record<string, unknown>, secret: string[] = []): ConfigMap {
  const map: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    map[key] =
      typeof value === "string"
        ? { value, secret: secret.includes(key) }
        : { value: JSON.stringify(value), objectValue: value, secret: secret.includes(key) };
  }
  return map as ConfigMap;
}

const web = (image: Record<string, string>, env: Record<string, string> = {}) => ({ image, env });

describe("what changed between two updates", () => {
  test("a new image repository shows full references; a digest is shortened", () => {
    const before = config({ "slipway:apps": { web: web({ repository: "ghcr.io/acme/web", tag: "1.0.0" }) } });
    const after = config({
      "slipway:apps": {
        web: web({
          repository: "registry.acme.io:5000/web",
          digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        }),
      },
    });
    expect(changeLines(describeChanges(before, after))).toEqual([
      "web: image ghcr.io/acme/web:1.0.0 → registry.acme.io:5000/web@sha256:0123456789ab",
    ]);
  });

  test("apps config recorded as JSON text (what a rollback's setAllConfig records) equals the same object", () => {
    const apps = { web: web({ repository: "ghcr.io/acme/web", tag: "1.0.0" }, { LOG_LEVEL: "info" }) };
    const asText = { "slipway:apps": { value: JSON.stringify(apps), secret: false } } as ConfigMap;
    expect(describeChanges(config({ "slipway:apps": apps }), asText)).toEqual({
      apps: [],
      otherKeys: [],
      hiddenKeys: [],
    });
  });

  test("removed apps, removed env keys and other keys are named", () => {
    const before = config({
      "aws:region": "eu-west-1",
      "slipway:apps": {
        web: web({ repository: "ghcr.io/acme/web", tag: "1" }, { A: "1", B: "2" }),
        old: web({ repository: "ghcr.io/acme/old", tag: "1" }),
      },
    });
    const after = config({
      "aws:region": "eu-central-1",
      "slipway:apps": { web: web({ repository: "ghcr.io/acme/web", tag: "1" }, { A: "1" }) },
    });
    expect(changeLines(describeChanges(before, after))).toEqual([
      "old: removed",
      "web: config env.B",
      "other config: aws:region",
    ]);
  });

  test("when the apps config itself is secret, an image change is reported without its values", () => {
    const before = config({ "slipway:apps": { web: web({ repository: "ghcr.io/acme/web", tag: "1.0.0-private" }) } }, [
      "slipway:apps",
    ]);
    const after = config({ "slipway:apps": { web: web({ repository: "ghcr.io/acme/web", tag: "2.0.0-private" }) } }, [
      "slipway:apps",
    ]);
    const lines = changeLines(describeChanges(before, after));
    expect(lines).toEqual(["web: image changed (apps config is secret: not shown)"]);
    expect(lines.join()).not.toContain("private");
  });

  test("withheld values are reported as not comparable, never as unchanged", () => {
    const hidden = { "slipway:secrets": { secret: true }, "slipway:token": { secret: true } } as unknown as ConfigMap;
    expect(describeChanges(hidden, hidden)).toEqual({
      apps: [],
      otherKeys: [],
      hiddenKeys: ["slipway:secrets", "slipway:token"],
    });
  });

  test("secret names are compared by value without exposing it", () => {
    const before = config({ "slipway:secrets": { web: { KEY: "old-value", SAME: "s" } } }, ["slipway:secrets"]);
    const after = config({ "slipway:secrets": { web: { KEY: "new-value", SAME: "s", EXTRA: "e" } } }, [
      "slipway:secrets",
    ]);
    const lines = changeLines(describeChanges(before, after));
    expect(lines).toEqual(["web: secrets EXTRA (added), KEY (changed)"]);
  });
});
