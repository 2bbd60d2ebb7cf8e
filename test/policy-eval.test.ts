import { readdirSync, readFileSync } from "node:fs";
import { validateResourceOfType, type Policies, type PolicyResource } from "@pulumi/policy";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { policies } from "../policy/policies";
import { durationSeconds } from "../tools/harness/policy-args";
import { evaluatePolicies } from "../tools/harness/policy-eval";
import { deployment, deploymentWith, K, resource } from "./support/policy";

const latest = () => deploymentWith((c) => (c.image = "ghcr.io/acme/web:latest"));
const imagePinned = policies.filter((p) => p.name === "k8s-image-pinned");

describe("enforcement per environment", () => {
  test("the same violation is advisory in dev and mandatory in prod and staging", async () => {
    const levels = async (environment: string) =>
      (await evaluatePolicies([latest()], environment, { policies: imagePinned })).map((v) => v.enforcement);
    expect(await levels("dev")).toEqual(["advisory"]);
    expect(await levels("staging")).toEqual(["mandatory"]);
    expect(await levels("prod")).toEqual(["mandatory"]);
  });

  test("a policy's own entry beats `all`; disabled skips it; remediate that still fails counts as mandatory", async () => {
    const run = (config: Record<string, unknown>) =>
      evaluatePolicies([latest()], "x", { policies: imagePinned, config: config as never });
    expect((await run({ all: "mandatory", "k8s-image-pinned": { enforcementLevel: "advisory" } }))[0].enforcement).toBe(
      "advisory",
    );
    expect(await run({ all: "mandatory", "k8s-image-pinned": "disabled" })).toEqual([]);
    expect((await run({ "k8s-image-pinned": "remediate" }))[0].enforcement).toBe("mandatory");
    expect((await run({}))[0].enforcement).toBe("advisory"); // the pack's default
  });

  test("an environment without a policy config file is an error naming the file", async () => {
    await expect(evaluatePolicies([], "qa")).rejects.toThrow(
      'no policy config for environment "qa": add policy/config/qa.json',
    );
  });

  test("getConfig hands a policy its settings from the pack config", async () => {
    const configMap = resource(K.configMap, "c", {
      kind: "ConfigMap",
      metadata: { name: "c" },
      data: { PUBLIC_KEY: "k", API_TOKEN: "t" },
    });
    const noCredentials = policies.filter((p) => p.name === "k8s-no-credentials-in-config");
    const config = { all: "mandatory", "k8s-no-credentials-in-config": { allowedKeys: ["PUBLIC_KEY"] } } as never;
    expect(
      (await evaluatePolicies([configMap], "x", { policies: noCredentials, config })).map((v) => v.message),
    ).toEqual(["ConfigMap default/c: key API_TOKEN looks like a credential"]);
  });
});

describe("the argument bags", () => {
  test("isType and asType recognise the SDK's resource classes by their type token", async () => {
    const seen: string[] = [];
    const probe: Policies = [
      {
        name: "probe",
        description: "records Deployments",
        validateResource: validateResourceOfType(Deployment, (props, args) => {
          seen.push(`${args.name}:${props.metadata?.name}:${args.asType(Deployment)?.kind}`);
        }),
      },
    ];
    const service = resource("kubernetes:core/v1:Service", "svc", { kind: "Service" });
    await evaluatePolicies([deployment("web"), service], "x", { policies: probe, config: {} });
    expect(seen).toEqual(["web:web:Deployment"]);
  });

  test("stack policies see parents, dependencies and property dependencies as resources, and timeouts in seconds", async () => {
    let captured: PolicyResource[] = [];
    const probe: Policies = [
      { name: "probe", description: "captures", validateStack: (args) => void (captured = args.resources) },
    ];
    const parent = resource("slipway:app:App", "web", {});
    const child = {
      ...resource(K.deployment, "web", {}, { parent: parent.urn, propertyDependencies: { metadata: [parent.urn] } }),
    };
    child.options = { ...child.options, dependsOn: [parent.urn], customTimeouts: { create: "10m", update: "1h30s" } };
    await evaluatePolicies([parent, child], "x", { policies: probe, config: {} });
    const seen = captured.find((r) => r.type === K.deployment)!;
    expect(seen.parent?.urn).toBe(parent.urn);
    expect(seen.dependencies.map((d) => d.urn)).toEqual([parent.urn]);
    expect(seen.propertyDependencies.metadata.map((d) => d.urn)).toEqual([parent.urn]);
    expect(seen.opts.customTimeouts).toEqual({ createSeconds: 600, updateSeconds: 3630, deleteSeconds: 0 });
  });

  test("durations parse as Pulumi writes them", () => {
    expect([
      durationSeconds("90s"),
      durationSeconds("2h"),
      durationSeconds("1m30s"),
      durationSeconds(undefined),
    ]).toEqual([90, 7200, 90, 0]);
  });

  test("props are frozen: a policy that tries to change them fails loudly instead of affecting the next one", async () => {
    const mutating: Policies = [
      { name: "mutates", description: "m", validateResource: (args) => void (args.props.metadata.name = "x") },
    ];
    await expect(evaluatePolicies([deployment()], "x", { policies: mutating, config: {} })).rejects.toThrow(
      "policy mutates failed",
    );
  });

  test("options and the stack's resource list are shared by every policy, so they are frozen too", async () => {
    const changesOptions: Policies = [
      {
        name: "protects",
        description: "m",
        validateResource: (args) => void ((args.opts as { protect: boolean }).protect = true),
      },
    ];
    await expect(evaluatePolicies([deployment()], "x", { policies: changesOptions, config: {} })).rejects.toThrow(
      "policy protects failed",
    );
    const dropsResources: Policies = [
      { name: "drops", description: "m", validateStack: (args) => void args.resources.pop() },
    ];
    await expect(evaluatePolicies([deployment()], "x", { policies: dropsResources, config: {} })).rejects.toThrow(
      "policy drops failed",
    );
  });
});

describe("secrets", () => {
  const secretDeployment = () => {
    const d = deploymentWith((c) => (c.env = [{ name: "DATABASE_URL", value: "postgres://user:hunter2@db/prod" }]));
    d.secretPaths = [["spec", "template", "spec", "containers", 0, "env", 0, "value"]];
    return d;
  };

  test("policies see real values (as with the CLI) but verdict messages never contain them", async () => {
    const leaky: Policies = [
      {
        name: "leaky",
        description: "echoes env values",
        validateResource: (args, report) => {
          for (const e of args.props.spec?.template?.spec?.containers?.[0]?.env ?? [])
            report(`saw ${e.value} (${e.value.length} chars)`);
        },
      },
    ];
    const verdicts = await evaluatePolicies([secretDeployment()], "x", { policies: leaky, config: {} });
    expect(verdicts.map((v) => v.message)).toEqual(["saw [secret] (31 chars)"]);
  });
});

describe("the pack's files", () => {
  const names = policies.map((p) => p.name);

  test("policy names are unique and none is the reserved name `all`", () => {
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain("all");
  });

  test("every config file names only known policies and valid levels", () => {
    const files = readdirSync("policy/config").filter((f) => f.endsWith(".json"));
    expect(files.sort()).toEqual(["dev.json", "prod.json", "staging.json"]);
    for (const file of files) {
      const config = JSON.parse(readFileSync(`policy/config/${file}`, "utf8")) as Record<string, unknown>;
      for (const [key, entry] of Object.entries(config)) {
        expect([file, key, ["all", ...names].includes(key)]).toEqual([file, key, true]);
        const level = typeof entry === "string" ? entry : (entry as { enforcementLevel?: string }).enforcementLevel;
        expect([undefined, "advisory", "mandatory", "remediate", "disabled"]).toContain(level);
      }
    }
  });

  test("the pack pins the same SDK versions as the program", () => {
    const root = JSON.parse(readFileSync("package.json", "utf8"));
    const pack = JSON.parse(readFileSync("policy/package.json", "utf8"));
    const rootVersions = { ...root.dependencies, ...root.devDependencies };
    for (const [name, version] of Object.entries({ ...pack.dependencies, ...pack.devDependencies })) {
      expect([name, version]).toEqual([name, rootVersions[name]]);
    }
    expect(pack.version).toMatch(/^\d+\.\d+\.\d+$/); // new PolicyPack refuses a package without one
  });
});
