/**
 * Reads a kubeconfig into what a request to its cluster needs: the server, TLS material and how to get
 * a bearer token. Covers what Slipway's stacks use: EKS's exec plugin (`aws eks get-token`), and for
 * local clusters (kind) client certificates, tokens and CA files. Relative file paths resolve against
 * the kubeconfig's directory, as kubectl does.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join } from "node:path";
import { parse } from "yaml";
import type { ClusterAccess } from "./ports";

export interface ExecCredentialPlugin {
  apiVersion: string;
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
}

export interface ClusterConnection {
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecureSkipTlsVerify: boolean;
  token?: string;
  exec?: ExecCredentialPlugin;
}

type Named<T> = { name: string } & T;
interface KubeconfigFile {
  "current-context"?: string;
  contexts?: Named<{ context: { cluster: string; user?: string } }>[];
  clusters?: Named<{ cluster: Record<string, unknown> }>[];
  users?: Named<{ user: Record<string, unknown> }>[];
}

export class KubeconfigError extends Error {
  override name = "KubeconfigError";
}

/** `context` "" means the kubeconfig's current context. */
export function clusterConnection(text: string, context: string, baseDir: string): ClusterConnection {
  const config = (parse(text) ?? {}) as KubeconfigFile;
  const contextName = context || config["current-context"];
  if (!contextName) throw new KubeconfigError("the kubeconfig has no current context and none was named");
  const ctx = byName(config.contexts, contextName, "context").context;
  const cluster = byName(config.clusters, ctx.cluster, "cluster").cluster;
  const user = ctx.user ? byName(config.users, ctx.user, "user").user : {};
  if (typeof cluster.server !== "string") throw new KubeconfigError(`cluster ${ctx.cluster} has no server`);
  const material = (dataKey: string, fileKey: string, from: Record<string, unknown>) =>
    typeof from[dataKey] === "string"
      ? Buffer.from(from[dataKey], "base64")
      : typeof from[fileKey] === "string"
        ? readFileSync(resolveFrom(baseDir, from[fileKey]))
        : undefined;
  const tokenFile = typeof user.tokenFile === "string" ? resolveFrom(baseDir, user.tokenFile) : undefined;
  return {
    server: cluster.server.replace(/\/+$/, ""),
    ca: material("certificate-authority-data", "certificate-authority", cluster),
    cert: material("client-certificate-data", "client-certificate", user),
    key: material("client-key-data", "client-key", user),
    insecureSkipTlsVerify: cluster["insecure-skip-tls-verify"] === true,
    token: typeof user.token === "string" ? user.token : tokenFile ? readFileSync(tokenFile, "utf8").trim() : undefined,
    exec: user.exec as ExecCredentialPlugin | undefined,
  };
}

/** The local kubeconfig kubectl would read: the first file of $KUBECONFIG holding the context, else ~/.kube/config. */
export function localKubeconfig(context: string, env = process.env): { text: string; dir: string } {
  const files = (env.KUBECONFIG ?? "").split(delimiter).filter((f) => f !== "");
  const candidates = files.length > 0 ? files : [join(homedir(), ".kube", "config")];
  const read = candidates.map((file) => ({ file, text: readFileSync(file, "utf8") }));
  const holding = context
    ? read.find(({ text }) => ((parse(text) ?? {}) as KubeconfigFile).contexts?.some((c) => c.name === context))
    : read.find(({ text }) => ((parse(text) ?? {}) as KubeconfigFile)["current-context"]);
  const chosen = holding ?? read[0];
  return { text: chosen.text, dir: dirname(chosen.file) };
}

function byName<T>(list: Named<T>[] | undefined, name: string, kind: string): Named<T> {
  const found = (list ?? []).find((entry) => entry.name === name);
  if (!found) throw new KubeconfigError(`the kubeconfig has no ${kind} named ${name}`);
  return found;
}

function resolveFrom(baseDir: string, file: string): string {
  return isAbsolute(file) ? file : join(baseDir, file);
}

/** The connection for a stack's cluster access: its own kubeconfig (EKS) or a local context. */
export function connectionFor(access: ClusterAccess): ClusterConnection {
  if ("kubeconfig" in access) return clusterConnection(access.kubeconfig, "", process.cwd());
  const local = localKubeconfig(access.localContext);
  return clusterConnection(local.text, access.localContext, local.dir);
}
