/**
 * The real Kubernetes access of `npm run release` against a local HTTP server standing in for the API
 * server: kubeconfig parsing (exec plugin, token, client certificates by data or file), the request
 * paths, verbs, headers and bodies, and how API errors come back.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { stringify } from "yaml";
import { kubeconfig as eksKubeconfig } from "../components/eks/kubeconfig";
import { rolloutsApi } from "../tools/rollout-control/kube-api";
import { clusterConnection, KubeconfigError, localKubeconfig } from "../tools/rollout-control/kubeconfig";
import { ApiNotFound } from "../tools/rollout-control/ports";
import { ROLLOUTS } from "./support/rollouts";

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const dir = mkdtempSync(join(tmpdir(), "slipway-kube-"));

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (request.url?.includes("/rollouts/missing")) {
        response.writeHead(404, { "content-type": "application/json" });
        return response.end(JSON.stringify({ kind: "Status", message: 'rollouts.argoproj.io "missing" not found' }));
      }
      if (request.headers.authorization !== "Bearer t0ken") {
        response.writeHead(401);
        return response.end("Unauthorized");
      }
      response.writeHead(200, { "content-type": "application/json" });
      return response.end(JSON.stringify(ROLLOUTS.canaryAtPause));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function kubeconfig(user: Record<string, unknown>, server = base): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server: `${server}/` } }],
    contexts: [
      { name: "ctx", context: { cluster: "c", user: "u" } },
      { name: "other", context: { cluster: "c", user: "u" } },
    ],
    "current-context": "ctx",
    users: [{ name: "u", user }],
  });
}

describe("Kubernetes API access", () => {
  test("GET and merge PATCH of a Rollout and its status, with the exec plugin's token", async () => {
    // An exec credential plugin as client-go runs it: ExecCredential JSON on stdout.
    const plugin = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: process.execPath,
      args: ["-e", 'console.log(JSON.stringify({kind:"ExecCredential",status:{token:process.env.TOKEN}}))'],
      env: [{ name: "TOKEN", value: "t0ken" }],
    };
    const api = rolloutsApi(clusterConnection(kubeconfig({ exec: plugin }), "", dir));
    seen.length = 0;
    await expect(api.get("shop", "shop-web")).resolves.toEqual(ROLLOUTS.canaryAtPause);
    await api.patch("shop", "shop-web", { status: { pauseConditions: null } }, "status");
    await api.patch("shop", "shop-web", { spec: { paused: false } });
    expect(seen.map((s) => [s.method, s.url, s.headers["content-type"], s.body])).toEqual([
      ["GET", "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/shop-web", undefined, ""],
      [
        "PATCH",
        "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/shop-web/status",
        "application/merge-patch+json",
        '{"status":{"pauseConditions":null}}',
      ],
      [
        "PATCH",
        "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/shop-web",
        "application/merge-patch+json",
        '{"spec":{"paused":false}}',
      ],
    ]);
    expect(new Set(seen.map((s) => s.headers.authorization))).toEqual(new Set(["Bearer t0ken"]));
  });

  test("404 is ApiNotFound with the server's message; other errors name the status", async () => {
    const api = rolloutsApi(clusterConnection(kubeconfig({ token: "t0ken" }), "", dir));
    const missing = api.get("shop", "missing");
    await expect(missing).rejects.toBeInstanceOf(ApiNotFound);
    await expect(missing).rejects.toThrow('404 rollouts.argoproj.io "missing" not found');
    const denied = rolloutsApi(clusterConnection(kubeconfig({ token: "wrong" }), "", dir));
    await expect(denied.get("shop", "shop-web")).rejects.toThrow(
      "GET /apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/shop-web: 401 Unauthorized",
    );
  });

  test("a failing credential command is named", async () => {
    const plugin = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: process.execPath,
      args: ["-e", "process.exit(3)"],
    };
    const api = rolloutsApi(clusterConnection(kubeconfig({ exec: plugin }), "", dir));
    await expect(api.get("shop", "shop-web")).rejects.toThrow(`credential command ${process.execPath} exited with 3`);
  });

  test("kubeconfig: certificates by data or by file relative to the kubeconfig, contexts by name", () => {
    writeFileSync(join(dir, "client.crt"), "CERT");
    writeFileSync(join(dir, "token"), "file-token\n");
    const text = kubeconfig({
      "client-certificate": "client.crt",
      "client-key-data": Buffer.from("KEY").toString("base64"),
      tokenFile: "token",
    });
    const connection = clusterConnection(text, "other", dir);
    expect([connection.server, connection.cert?.toString(), connection.key?.toString(), connection.token]).toEqual([
      base,
      "CERT",
      "KEY",
      "file-token",
    ]);
    expect(() => clusterConnection(text, "nope", dir)).toThrow(
      new KubeconfigError("the kubeconfig has no context named nope"),
    );
  });

  test("an EKS stack's kubeconfig output: its server and CA, and a token from `aws eks get-token`", () => {
    const ca = Buffer.from("-----BEGIN CERTIFICATE-----").toString("base64");
    const text = eksKubeconfig({
      clusterName: "slipway-prod",
      endpoint: "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
      certificateAuthority: ca,
      region: "eu-west-1",
    });
    const connection = clusterConnection(text, "", dir);
    expect(connection.server).toBe("https://ABC.gr7.eu-west-1.eks.amazonaws.com");
    expect(connection.ca?.toString()).toBe("-----BEGIN CERTIFICATE-----");
    expect(connection.exec).toMatchObject({
      command: "aws",
      args: ["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "slipway-prod", "--output", "json"],
    });
  });

  test("the local kubeconfig is the first $KUBECONFIG file holding the context", () => {
    writeFileSync(join(dir, "a.yaml"), stringify({ contexts: [{ name: "kind-a" }], "current-context": "kind-a" }));
    writeFileSync(join(dir, "b.yaml"), stringify({ contexts: [{ name: "kind-b" }] }));
    const env = { KUBECONFIG: [join(dir, "a.yaml"), join(dir, "b.yaml")].join(delimiter) };
    expect(localKubeconfig("kind-b", env).text).toContain("kind-b");
    expect(localKubeconfig("", env).text).toContain("kind-a");
  });
});
