/**
 * Which release objects (ConfigMaps and Secrets) one update keeps, and under which Pulumi names.
 *
 * Why: a canary or blue/green runs while `pulumi up` is still waiting, and an abort leaves the
 * previous release serving. Its pods must be able to restart, so its objects must exist. Each object
 * is its own Pulumi resource, named after its content (never replaced in place), and the previous
 * releases' objects stay registered for `releaseHistory` more releases. Pulumi deletes objects that
 * are no longer registered only at the end of an update that fully succeeded, that is after every
 * rollout was verified healthy; a failed or aborted update deletes nothing. A rollback to a release
 * still in the window finds its objects already in state (no create of an existing name, which the
 * Kubernetes provider refuses). The history itself is carried in the stack's own outputs.
 */

/** One Kubernetes object: its name in the cluster and the Pulumi resource name that manages it. */
export interface ObjectRef {
  name: string;
  resource: string;
}

/** The release objects and the image one release ran with, newest first in a history. */
export interface ReleaseRecord {
  config: ObjectRef;
  secret?: ObjectRef;
  /** `repository@sha256:…` when the release ran by digest: what a rollback deploys again. */
  image?: string;
  /** Its `app.kubernetes.io/version` (the tag, or `build-<content digest>`): how a rollback finds it. */
  version?: string;
  /** The Job that ran its release command (release-command.ts), when one ran for it. */
  releaseCommand?: string;
}

/** The image a release ran by digest, and its version label. */
interface RecordedImage {
  image: string;
  version?: string;
}

export interface ReleaseInput {
  app: string;
  configName: string;
  /** Present when the app has secrets; `name` is known unless this is the stack's first update. */
  secret?: { name?: string };
  /** Newest first, as exported by the previous update; empty on the first update. */
  previous: ReleaseRecord[];
  /** Previous releases to keep besides the current one. */
  keep: number;
}

export interface ReleasePlan {
  configResource: string;
  secretResource?: string;
  /** Previous releases' objects that stay registered (none of them is a current object). */
  retainedConfigs: ObjectRef[];
  retainedSecrets: ObjectRef[];
  /** The history to export once the current Secret's name and the image are known. */
  history(secretName?: string, image?: RecordedImage): ReleaseRecord[];
}

function sameObjects(a: ReleaseRecord, b: ReleaseRecord): boolean {
  return a.config.name === b.config.name && a.secret?.name === b.secret?.name;
}

/**
 * A new image with the same config is a new release. Which objects stay registered is decided without
 * the image (it may not be known yet): every config a history names is then the current one or kept.
 */
function sameRelease(a: ReleaseRecord, b: ReleaseRecord): boolean {
  return sameObjects(a, b) && a.image === b.image;
}

function uniqueByResource(refs: ObjectRef[], exclude: Array<string | undefined>): ObjectRef[] {
  const seen = new Set(exclude.filter((r): r is string => r !== undefined));
  return refs.filter((ref) => !seen.has(ref.resource) && seen.add(ref.resource));
}

/**
 * An object seen before keeps its Pulumi name. A new one is named after its Kubernetes name, except
 * in an app's first release, which uses the plain `<app>-config` / `<app>-secrets` (its Secret's
 * name is not known yet on a stack's first update).
 */
function resourceName(name: string | undefined, known: Map<string, string>, bootstrap: string, first: boolean): string {
  const recorded = name === undefined ? undefined : known.get(name);
  if (recorded) return recorded;
  if (first || name === undefined) return bootstrap;
  return name;
}

export function planRelease(input: ReleaseInput): ReleasePlan {
  const { app, previous } = input;
  const first = previous.length === 0;
  if (!first && input.secret && input.secret.name === undefined) {
    throw new Error(
      `${app}: a release history exists but the Secret's name is unknown; the naming key must come with the history`,
    );
  }
  const configs = new Map(previous.map((r) => [r.config.name, r.config.resource]));
  const secrets = new Map(previous.flatMap((r) => (r.secret ? [[r.secret.name, r.secret.resource] as const] : [])));
  const configResource = resourceName(input.configName, configs, `${app}-config`, first);
  const secretResource = input.secret ? resourceName(input.secret.name, secrets, `${app}-secrets`, first) : undefined;

  const records = (same: typeof sameRelease, secretName?: string, image?: RecordedImage): ReleaseRecord[] => {
    const current: ReleaseRecord = { config: { name: input.configName, resource: configResource } };
    if (secretResource) {
      const name = secretName ?? input.secret?.name;
      if (name === undefined) throw new Error(`${app}: the current Secret's name is needed to record its release`);
      current.secret = { name, resource: secretResource };
    }
    if (image) Object.assign(current, image);
    return [current, ...previous.filter((r) => !same(r, current))].slice(0, input.keep + 1);
  };
  // Which previous objects survive does not depend on the current Secret's name (first updates have none).
  const kept = records(sameObjects, input.secret?.name ?? "").slice(1);
  return {
    configResource,
    secretResource,
    retainedConfigs: uniqueByResource(
      kept.map((r) => r.config),
      [configResource],
    ),
    retainedSecrets: uniqueByResource(
      kept.flatMap((r) => (r.secret ? [r.secret] : [])),
      [secretResource],
    ),
    history: (secretName, image) => records(sameRelease, secretName, image),
  };
}
