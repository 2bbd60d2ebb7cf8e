/**
 * The controllers' reference IAM policies, read from ../shared/upstream/iam/<controller>-<version>/ in
 * the form each project publishes (a JSON policy, a CloudFormation template, a policy in a Markdown
 * tutorial), with their placeholders (`${AWS::Region}`, `${ClusterName}`, `${Queue.Arn}`) filled with the
 * render's values, and the check that a granted policy plus its narrowings covers every request.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, type Tags } from "yaml";
import type { IamNarrowing } from "../../components/iam";
import { coveringStatement, requestPairs, type IamStatement, type RequestPair } from "./iam-match";

const UPSTREAM = join(__dirname, "..", "..", "..", "shared", "upstream");

/** The folder of a controller's reference at a version: a pin without one fails here. */
export function referenceFile(controller: string, version: string, file: string): string {
  const path = join(UPSTREAM, "iam", `${controller}-${version}`, file);
  if (!existsSync(path))
    throw new Error(
      `no reference IAM policy for ${controller} ${version}: add ../shared/upstream/iam/${controller}-${version}/${file}`,
    );
  return readFileSync(path, "utf8");
}

/** A pinned chart's appVersion, from its Chart.yaml in ../shared/upstream/charts/. */
export function chartAppVersion(chart: string, version: string): string {
  const meta = parse(
    readFileSync(join(UPSTREAM, "charts", `${chart.split("/").at(-1)}-${version}`, "Chart.yaml"), "utf8"),
  );
  return String(meta.appVersion);
}

/** `${Name}` placeholders replaced; one the caller did not supply is an error, not a silent literal. */
export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for placeholder \${${name}}`);
    return values[name];
  });
}

/** A CloudFormation template's managed policy document (`!Sub |` JSON), placeholders filled. */
export function cloudFormationPolicy(
  template: string,
  resource: string,
  values: Record<string, string>,
): IamStatement[] {
  const intrinsic = (tag: string) => ({ tag, resolve: (value: string) => value }) as Tags[number];
  const parsed = parse(template, { customTags: ["!Sub", "!Ref", "!GetAtt"].map(intrinsic) }) as {
    Resources: Record<string, { Properties: { PolicyDocument: string } }>;
  };
  return JSON.parse(substitute(parsed.Resources[resource].Properties.PolicyDocument, values)).Statement;
}

/** The first ```json block of a Markdown page that holds a policy. */
export function markdownPolicy(markdown: string): IamStatement[] {
  const blocks = [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
  const policy = blocks.find((b) => b && typeof b === "object" && "Statement" in b);
  if (!policy) throw new Error("no IAM policy in the page");
  return policy.Statement;
}

export interface Coverage {
  /** Requests of the reference neither granted nor named by a narrowing. */
  denied: RequestPair[];
  /** Narrowings naming no request the grant leaves out: stale, or never needed. */
  unused: IamNarrowing[];
}

function named(narrowing: IamNarrowing, pair: RequestPair, fill: (s: string) => string): boolean {
  return narrowing.actions.includes(pair.action) && narrowing.resources.map(fill).includes(pair.resource);
}

export function coverage(
  reference: IamStatement[],
  granted: IamStatement[],
  narrowings: IamNarrowing[],
  fill: (s: string) => string = (s) => s,
): Coverage {
  const left = requestPairs(reference).filter((pair) => !coveringStatement(granted, pair));
  return {
    denied: left.filter((pair) => !narrowings.some((n) => named(n, pair, fill))),
    unused: narrowings.filter((n) => !left.some((pair) => named(n, pair, fill))),
  };
}

/**
 * Does a citation (`<owner>/<repo> <tag> <path>[:line]`) name a tag of this version? `v2.14.0`,
 * `2.14.0` and `cluster-autoscaler-1.33.0` are tags of 2.14.0 or 1.33.0; `v2.14.01` is not.
 */
export function citesVersion(source: string, version: string): boolean {
  const [repo, tag, path] = source.split(" ");
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo ?? "") || !path) return false;
  const bare = version.replace(/^v/, "");
  return tag === bare || tag === `v${bare}` || (tag ?? "").endsWith(`-${bare}`) || (tag ?? "").endsWith(`-v${bare}`);
}
