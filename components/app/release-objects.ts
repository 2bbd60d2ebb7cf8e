/**
 * The config half of a release (Deis's Config): one immutable ConfigMap from `env` and one immutable
 * Secret from the app's secrets. Their names are content-addressed, so an edit makes a new object and
 * the workload's pod template, which names it, rolls. The Secret's name is a keyed hash: its values
 * cannot be guessed from it without the per-stack key.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, Secret } from "@pulumi/kubernetes/core/v1";
import type { AppSecrets } from "../../stacks/config";
import { contentHash, keyedHash } from "./content-hash";

export interface ReleaseObjectsArgs {
  app: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  env: Record<string, string>;
  secrets: AppSecrets;
  /** Per-stack secret key for the Secret's name (hex). */
  nameKey: pulumi.Input<string>;
}

export interface ReleaseObjects {
  configMapName: string;
  /** Content digest of the env, for the pod template's checksum annotation. */
  configChecksum: string;
  /** Undefined when the app has no secrets. */
  secretName?: pulumi.Output<string>;
}

export function createReleaseObjects(args: ReleaseObjectsArgs, opts: pulumi.CustomResourceOptions): ReleaseObjects {
  const configChecksum = contentHash(args.env);
  const configMapName = `${args.app}-config-${configChecksum}`;
  new ConfigMap(`${args.app}-config`, {
    metadata: { name: configMapName, namespace: args.namespace, labels: { ...args.labels, "slipway.dev/release-object": "config" } },
    immutable: true,
    data: args.env,
  }, opts);

  const names = Object.keys(args.secrets).sort();
  if (names.length === 0) return { configMapName, configChecksum };

  const values = pulumi.all(names.map((name) => args.secrets[name]));
  // The digest is of secret data, but keyed: revealing it tells nothing, so it is safe as a plain name.
  const secretName = pulumi.unsecret(
    pulumi.all([args.nameKey, values]).apply(([key, data]) => `${args.app}-secrets-${keyedHash(key, [names, data])}`),
  );
  new Secret(`${args.app}-secrets`, {
    metadata: { name: secretName, namespace: args.namespace, labels: { ...args.labels, "slipway.dev/release-object": "secret" } },
    immutable: true,
    type: "Opaque",
    stringData: Object.fromEntries(names.map((name) => [name, args.secrets[name]])),
  }, opts);
  return { configMapName, configChecksum, secretName };
}
