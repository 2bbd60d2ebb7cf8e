/**
 * The Kubernetes API calls `npm run release` makes, over node:https with the kubeconfig's TLS material
 * and token (no Kubernetes client library is a dependency): GET a Rollout, and PATCH it or its status
 * subresource with `application/merge-patch+json`, as the plugin's `types.MergePatchType` does.
 * `npm run run` uses the same requests (kubeRequests) for its Jobs.
 */
import { spawn } from "node:child_process";
import * as http from "node:http";
import * as https from "node:https";
import type { Rollout } from "./actions";
import type { ClusterConnection, ExecCredentialPlugin } from "./kubeconfig";
import { ApiNotFound, type RolloutsApi } from "./ports";

/** JSON requests to one cluster, and a streamed GET (a followed log), with one token per run. */
export interface KubeRequests {
  json(method: string, path: string, body?: { text: string; contentType: string }): Promise<unknown>;
  stream(path: string, write: (chunk: string) => void): Promise<void>;
}

export function kubeRequests(connection: ClusterConnection): KubeRequests {
  let token: Promise<string | undefined> | undefined;
  // One exec per run: `aws eks get-token` tokens last 15 minutes, longer than this tool runs.
  const bearer = () => (token ??= connection.exec ? execToken(connection.exec) : Promise.resolve(connection.token));
  return {
    json: async (method, path, body) => call(connection, await bearer(), method, path, body),
    stream: async (path, write) =>
      call(connection, await bearer(), "GET", path, undefined, write).then(() => undefined),
  };
}

export function rolloutsApi(connection: ClusterConnection): RolloutsApi {
  const requests = kubeRequests(connection);
  const path = (namespace: string, name: string, sub?: string) =>
    `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(namespace)}/rollouts/${encodeURIComponent(name)}${sub ? `/${sub}` : ""}`;
  return {
    async get(namespace, name) {
      return (await requests.json("GET", path(namespace, name))) as Rollout;
    },
    async patch(namespace, name, patch, subresource) {
      const body = { text: JSON.stringify(patch), contentType: "application/merge-patch+json" };
      return (await requests.json("PATCH", path(namespace, name, subresource), body)) as Rollout;
    },
  };
}

/** One request; with `write`, a successful response's body is handed on as it arrives instead. */
function call(
  connection: ClusterConnection,
  token: string | undefined,
  method: string,
  path: string,
  body?: { text: string; contentType: string },
  write?: (chunk: string) => void,
): Promise<unknown> {
  const url = new URL(connection.server + path);
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = body.contentType;
  const options: https.RequestOptions = {
    method,
    headers,
    ca: connection.ca,
    cert: connection.cert,
    key: connection.key,
    rejectUnauthorized: !connection.insecureSkipTlsVerify,
  };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "http:" ? http : https).request(url, options, (response) => {
      const chunks: Buffer[] = [];
      const status = response.statusCode ?? 0;
      const streaming = write !== undefined && status >= 200 && status < 300;
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (streaming ? write(chunk) : chunks.push(Buffer.from(chunk))));
      response.on("end", () => {
        if (streaming) return resolve(undefined);
        const text = Buffer.concat(chunks).toString("utf8");
        if (status >= 200 && status < 300) return resolve(JSON.parse(text));
        // A Kubernetes Status object says why; fall back to the raw body.
        let message = text;
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? text;
        } catch {
          // not JSON: keep the body
        }
        const error = `${method} ${path}: ${status} ${message}`;
        reject(status === 404 ? new ApiNotFound(error) : new Error(error));
      });
    });
    request.on("error", (error) => reject(new Error(`${method} ${url.origin}: ${error.message}`, { cause: error })));
    request.end(body?.text);
  });
}

/** Runs a client-go credential plugin and returns its ExecCredential's token. */
function execToken(plugin: ExecCredentialPlugin): Promise<string> {
  const env = { ...process.env };
  for (const { name, value } of plugin.env ?? []) env[name] = value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion: plugin.apiVersion,
    kind: "ExecCredential",
    spec: { interactive: false },
  });
  return new Promise((resolve, reject) => {
    const child = spawn(plugin.command, plugin.args ?? [], { env, stdio: ["ignore", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", (error) =>
      reject(new Error(`the kubeconfig's credential command ${plugin.command} failed to start: ${error.message}`)),
    );
    child.on("close", (code) => {
      if (code !== 0)
        return reject(new Error(`the kubeconfig's credential command ${plugin.command} exited with ${code}`));
      try {
        const token = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { status?: { token?: string } }).status
          ?.token;
        if (!token) throw new Error("its ExecCredential has no status.token");
        resolve(token);
      } catch (error) {
        reject(new Error(`the kubeconfig's credential command ${plugin.command}: ${(error as Error).message}`));
      }
    });
  });
}
