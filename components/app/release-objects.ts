/**
 * The config half of a release (Deis's Config): one immutable ConfigMap from `env` and one immutable
 * Secret from the app's secrets. Their names are content-addressed, so an edit makes a new object and
 * the workload's pod template, which names it, rolls. The Secret's name is a keyed hash: its values
 * cannot be guessed from it without the per-stack key. Previous releases' objects stay registered
 * (see release-history.ts) so the release still serving can always restart its pods.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap, Secret } from "@pulumi/kubernetes/core/v1";
import type { AppSecrets, SecretsDigest } from "../../config/types";
import { contentHash, secretsDigest } from "../../config/content-hash";
import { planRelease, type ObjectRef, type ReleaseRecord } from "./release-history";

export interface ReleaseObjectsArgs {
  app: string;
  namespace: pulumi.Input<string>;
  labels: Record<string, string>;
  env: Record<string, string>;
  secrets: AppSecrets;
  /** Per-stack secret key for the Secret's name (hex), as created on this update. */
  nameKey: pulumi.Input<string>;
  /** The same key read from the previous update, when there was one: names become known at once. */
  knownNameKey?: string;
  secretsDigest?: SecretsDigest;
  previous: ReleaseRecord[];
  keep: number;
  /** The reference the workload runs, recorded in the history when it is by digest. */
  image: pulumi.Input<string>;
  version?: string;
}

export interface ReleaseObjects {
  configMapName: string;
  /** Content digest of the env, for the pod template's checksum annotation. */
  configChecksum: string;
  /** Undefined when the app has no secrets. */
  secretName?: pulumi.Output<string>;
  /** The Secret's name when it is known now (every update but a stack's first). */
  knownSecretName?: string;
  /** This release's own ConfigMap and Secret: what its release command needs to exist. */
  objects: pulumi.Resource[];
  /** This update's release history, newest first, for the next update. */
  history: pulumi.Output<ReleaseRecord[]>;
}

const KIND_LABEL = "slipway.dev/release-object";

function secretName(args: ReleaseObjectsArgs, names: string[]): { known?: string; output: pulumi.Output<string> } {
  if (args.knownNameKey !== undefined && args.secretsDigest) {
    const known = `${args.app}-secrets-${args.secretsDigest(args.knownNameKey)}`;
    return { known, output: pulumi.output(known) };
  }
  const values = pulumi.all(names.map((name) => args.secrets[name]));
  // The digest is of secret data, but keyed: revealing it tells nothing, so it is safe as a plain name.
  const output = pulumi.unsecret(
    pulumi
      .all([args.nameKey, values])
      .apply(
        ([key, data]) =>
          `${args.app}-secrets-${secretsDigest(key, Object.fromEntries(names.map((n, i) => [n, data[i]])))}`,
      ),
  );
  return { output };
}

/** A previous release's object: its data is whatever it was created with (it is immutable). */
function retain(
  kind: "config" | "secret",
  ref: ObjectRef,
  args: ReleaseObjectsArgs,
  opts: pulumi.CustomResourceOptions,
): void {
  const metadata = { name: ref.name, namespace: args.namespace, labels: { ...args.labels, [KIND_LABEL]: kind } };
  if (kind === "config")
    new ConfigMap(ref.resource, { metadata, immutable: true }, { ...opts, ignoreChanges: ["data"] });
  else
    new Secret(
      ref.resource,
      { metadata, immutable: true, type: "Opaque" },
      { ...opts, ignoreChanges: ["data", "stringData"] },
    );
}

export function createReleaseObjects(args: ReleaseObjectsArgs, opts: pulumi.CustomResourceOptions): ReleaseObjects {
  const configChecksum = contentHash(args.env);
  const configMapName = `${args.app}-config-${configChecksum}`;
  const names = Object.keys(args.secrets).sort();
  const secret = names.length > 0 ? secretName(args, names) : undefined;
  const plan = planRelease({
    app: args.app,
    configName: configMapName,
    secret: secret && { name: secret.known },
    previous: args.previous,
    keep: args.keep,
  });

  const objects: pulumi.Resource[] = [];
  const configMap = new ConfigMap(
    plan.configResource,
    {
      metadata: { name: configMapName, namespace: args.namespace, labels: { ...args.labels, [KIND_LABEL]: "config" } },
      immutable: true,
      data: args.env,
    },
    opts,
  );
  objects.push(configMap);
  if (secret && plan.secretResource) {
    const current = new Secret(
      plan.secretResource,
      {
        metadata: {
          name: secret.output,
          namespace: args.namespace,
          labels: { ...args.labels, [KIND_LABEL]: "secret" },
        },
        immutable: true,
        type: "Opaque",
        stringData: Object.fromEntries(names.map((name) => [name, args.secrets[name]])),
      },
      opts,
    );
    objects.push(current);
  }
  plan.retainedConfigs.forEach((ref) => retain("config", ref, args, opts));
  plan.retainedSecrets.forEach((ref) => retain("secret", ref, args, opts));

  const history = pulumi
    .all([secret?.output, args.image])
    .apply(([name, image]) =>
      plan.history(name, image.includes("@sha256:") ? { image, version: args.version } : undefined),
    );
  return {
    configMapName,
    configChecksum,
    secretName: secret?.output,
    knownSecretName: secret?.known,
    objects,
    history,
  };
}
