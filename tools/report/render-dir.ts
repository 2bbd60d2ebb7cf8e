/**
 * What `npm run render` wrote for a stack (tools/render.ts, tools/harness/render-files.ts), read back:
 * resources.json (inputs already redacted), outputs.json (secret outputs already `[secret]`; an apps
 * stack's has no platformImages), policy.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ReleaseRecord } from "../../components/app/release-history";
import type { ResourceRecord } from "../harness/render-files";
import type { Verdict } from "../harness/policy-eval";
import type { Unseen } from "../harness/unseen";

export interface AppOutput {
  namespace: string;
  workloads: string[];
  configMap: string;
  secret?: string;
}

export interface PolicyFile {
  pack: string;
  config: string;
  mandatory: number;
  advisory: number;
  verdicts: Verdict[];
  notEvaluated: Unseen;
}

export interface RenderDir {
  dir: string;
  resources: ResourceRecord[];
  apps: Record<string, AppOutput>;
  /** Per app, newest first: the release the render deploys, then those kept for a rollback. */
  releaseHistory: Record<string, ReleaseRecord[]>;
  /** Every platform image by service and image name, as it runs (`image:tag@digest`). */
  platformImages: Record<string, Record<string, string>>;
  policy: PolicyFile;
}

export function readRenderDir(dir: string, stack: string): RenderDir {
  const read = <T>(file: string): T => {
    const path = join(dir, file);
    if (!existsSync(path)) {
      throw new Error(`${path} is missing: run \`npm run render -- --stack ${stack}\` first (or pass --render <dir>)`);
    }
    return JSON.parse(readFileSync(path, "utf8")) as T;
  };
  const outputs = read<{
    apps?: Record<string, AppOutput>;
    releaseHistory?: Record<string, ReleaseRecord[]>;
    platformImages?: Record<string, Record<string, string>>;
  }>("outputs.json");
  return {
    dir,
    resources: read<ResourceRecord[]>("resources.json"),
    apps: outputs.apps ?? {},
    releaseHistory: outputs.releaseHistory ?? {},
    platformImages: outputs.platformImages ?? {},
    policy: read<PolicyFile>("policy.json"),
  };
}
