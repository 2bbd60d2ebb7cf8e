import { readFileSync } from "node:fs";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { restoredConfig, stackFileForRollback } from "../tools/release-history/restore";
import { applyPlainEdits, revertInstructions } from "../tools/release-history/revert-apply";
import { checkoutConfig, revertPlan } from "../tools/release-history/revert-plan";
import { RollbackRefusal } from "../tools/release-history/target";
import { fixturePath, loadHistory, SECRET_VALUES, version } from "./support/history";

const withSecrets = loadHistory("history-prod-with-secrets.json");
const plain = loadHistory("history-prod.json");
const stackFile = readFileSync(fixturePath("Pulumi.prod.after-bad-release.yaml"), "utf8");
/** What `getAllConfig()` (pulumi config --show-secrets --json) reports for that file: v14's secrets. */
const decrypted = { "slipway:secrets": version(withSecrets, 14).config["slipway:secrets"] } as ConfigMap;

const v12Secrets = {
  "billing-worker": { DATABASE_URL: "postgres://billing:billing-pass@db.internal/billing" },
  storefront: {
    DATABASE_URL: "postgres://storefront:db-pass-v1@db.internal/storefront",
    STRIPE_API_KEY: "sk_live_OLDKEY123",
  },
};

describe("config a rollback restores", () => {
  test("is the target's whole recorded config, secrets included and marked secret", () => {
    const restored = restoredConfig(version(withSecrets, 12), "prod");
    expect(Object.keys(restored)).toEqual([
      "aws:region",
      "slipway:apps",
      "slipway:environment",
      "slipway:platform",
      "slipway:secrets",
    ]);
    expect(restored["aws:region"]).toEqual({ value: "eu-west-1", secret: false });
    expect(restored["slipway:secrets"].secret).toBe(true);
    expect(JSON.parse(restored["slipway:secrets"].value)).toEqual(v12Secrets);
    expect(JSON.parse(restored["slipway:apps"].value).storefront.image).toEqual({
      repository: "ghcr.io/acme/storefront",
      tag: "1.4.1",
    });
  });

  test("refuses history read without secrets", () => {
    expect(() => restoredConfig(version(plain, 12), "prod")).toThrow(
      new RollbackRefusal("v12's secret config came back without values (slipway:secrets): it cannot be re-applied"),
    );
  });

  test("refuses secrets the CLI could not decrypt, naming the key and what to provide", () => {
    const v12 = version(withSecrets, 12);
    const broken = {
      ...v12,
      config: { ...v12.config, "slipway:secrets": { value: "ERROR_UNABLE_TO_DECRYPT", secret: true } },
    };
    expect(() => restoredConfig(broken, "prod")).toThrow(
      /^cannot decrypt the secret config recorded by v12 \(slipway:secrets\).*PULUMI_CONFIG_PASSPHRASE/,
    );
  });

  test("starts from the checkout's secrets-provider settings with no config", () => {
    const start = stackFileForRollback(stackFile);
    expect(parse(start)).toEqual({
      encryptionsalt: "v1:ZmFrZS1zYWx0LWZvci10ZXN0cw==:v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    });
    expect(stackFileForRollback(undefined)).toBe("");
  });
});

describe("what to revert in the stack file", () => {
  const restored = restoredConfig(version(withSecrets, 12), "prod");
  const plan = revertPlan(checkoutConfig(stackFile, decrypted), restored);

  test("plain settings with their restored values; secrets by path only", () => {
    expect(plan.plain).toEqual([
      { key: "slipway:apps", path: ["search"], kind: "delete" },
      { key: "slipway:apps", path: ["storefront", "env", "FEATURE_NEW_CHECKOUT"], kind: "set", value: "false" },
      { key: "slipway:apps", path: ["storefront", "image", "tag"], kind: "set", value: "1.4.1" },
    ]);
    expect(plan.secrets).toEqual([
      { key: "slipway:secrets", path: ["storefront", "RECAPTCHA_SECRET"], kind: "delete" },
      { key: "slipway:secrets", path: ["storefront", "STRIPE_API_KEY"], kind: "set" },
    ]);
  });

  test("printed as exact edits and runnable commands, with no secret value", () => {
    const lines = revertInstructions(plan, { stack: "prod", stackFile: "Pulumi.prod.yaml", targetVersion: 12 });
    expect(lines).toEqual([
      "Pulumi.prod.yaml in this checkout does not hold v12's config. Change it and merge before the next deploy,",
      "or that deploy re-applies the release you rolled back:",
      "  remove slipway:apps.search",
      '  set    slipway:apps.storefront.env.FEATURE_NEW_CHECKOUT = "false"',
      '  set    slipway:apps.storefront.image.tag = "1.4.1"',
      "Secrets (values not shown; use the ones v12 ran with):",
      "  pulumi config rm --path 'slipway:secrets.storefront.RECAPTCHA_SECRET' --stack prod",
      "  pulumi config set --secret --path 'slipway:secrets.storefront.STRIPE_API_KEY' --stack prod",
    ]);
    for (const secret of SECRET_VALUES) expect(lines.join("\n")).not.toContain(secret);
  });

  test("nothing to revert when the file already matches", () => {
    const same = revertPlan(checkoutConfig(stackFile, decrypted), restoredConfig(version(withSecrets, 14), "prod"));
    expect(same).toEqual({ plain: [], secrets: [] });
    expect(revertInstructions(same, { stack: "prod", stackFile: "Pulumi.prod.yaml", targetVersion: 14 })).toEqual([
      "Pulumi.prod.yaml already holds v14's config: nothing to revert.",
    ]);
  });

  test("value changes are spliced into the file: every other byte stays as it was", () => {
    const written = applyPlainEdits(
      stackFile,
      plan.plain.filter((edit) => edit.kind === "set"),
    );
    const before = stackFile.split("\n");
    const after = written.split("\n");
    expect(after).toHaveLength(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual([
      '        tag: "1.4.1" # bumped by CI',
      '        FEATURE_NEW_CHECKOUT: "false"',
    ]);
  });

  test("removals go through the yaml Document: comments, flow style and encrypted values are kept", () => {
    const written = applyPlainEdits(stackFile, plan.plain);
    expect(written).toContain("# Prod stack as merged on main after v14");
    expect(written).toContain('tag: "1.4.1" # bumped by CI');
    expect(written).toContain("autoscale: { min: 3, max: 12, cpuPercent: 65 }");
    expect(written).toContain("secure: v1:AAAAAAAAAAAAAAAA:stripenewkeyciphertext");
    const config = parse(written).config;
    expect(Object.keys(config["slipway:apps"])).toEqual(["storefront", "catalog-api", "billing-worker"]);
    expect(config["slipway:apps"].storefront.env).toEqual({ LOG_LEVEL: "info", FEATURE_NEW_CHECKOUT: "false" });
    expect(config["slipway:apps"]["billing-worker"].processes.worker.command).toEqual([
      "bin/worker",
      "--queue",
      "billing",
    ]);
  });

  test("a string that looks like a number stays a string, spliced or re-printed", () => {
    const file = "config:\n  slipway:apps:\n    web:\n      image:\n        tag: v1 # pinned\n";
    const tag = { key: "slipway:apps", path: ["web", "image", "tag"], kind: "set" as const, value: "2.0" };
    expect(applyPlainEdits(file, [tag])).toBe(
      'config:\n  slipway:apps:\n    web:\n      image:\n        tag: "2.0" # pinned\n',
    );
    const env = { key: "slipway:apps", path: ["web", "env"], kind: "set" as const, value: { A: "1" } };
    expect(parse(applyPlainEdits(file, [tag, env])).config["slipway:apps"].web).toEqual({
      image: { tag: "2.0" },
      env: { A: "1" },
    });
  });
});
