/**
 * A fake Pulumi backend for `npm run review` (tools/review/ports.ts): stacks with a last update time
 * and the config their last update recorded, every call in order, and failures on demand. Its `up`
 * records the stack file the tool wrote, as the CLI would read it, so tests see what was deployed.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigMap, UpOptions } from "@pulumi/pulumi/automation";
import { parse, stringify } from "yaml";
import { decoded } from "../../tools/release-history/recorded-config";
import type { ListedStack, ReviewOutput, ReviewStackPort, ReviewWorkspace } from "../../tools/review/ports";
import { tempDir } from "./temp-dir";

/** The passphrase provider's salt the fake CLI keeps in a stack file. */
export const SALT = "v1:ZmFrZS1zYWx0:v1:AAAAAAAAAAAAAAAA:AAAA";

export interface FakeStack {
  lastUpdate?: string;
  updateInProgress?: boolean;
  config?: ConfigMap;
}

/** A review stack's recorded config as the CLI's history gives it (structured config as objectValue). */
export const recorded = (source: string, pr: number, slot: number): ConfigMap =>
  ({
    "slipway:review": { value: JSON.stringify({ source, pr, slot }), secret: false, objectValue: { source, pr, slot } },
  }) as ConfigMap;

/** A review stack last updated at `lastUpdate`, its marker recorded as that update's config. */
export const updatedReviewStack = (
  source: string,
  pr: number,
  slot: number,
  lastUpdate = "2026-12-06T09:00:00Z",
): FakeStack => ({ lastUpdate, config: recorded(source, pr, slot) });

export class FakeBackend implements ReviewWorkspace {
  readonly calls: string[] = [];
  /** The stack file each `up` found, by stack. */
  readonly deployed = new Map<string, string>();
  /** What each stack's `setAllConfig` was given, as the CLI would set it. */
  readonly secretsSet = new Map<string, ConfigMap>();
  readonly upFails = new Set<string>();
  readonly destroyFails = new Set<string>();
  streamed = "";
  lastUp?: UpOptions;

  constructor(
    readonly projectDir: string,
    readonly stacks: Map<string, FakeStack>,
    private readonly upOutput = "",
  ) {}

  listStacks(): Promise<ListedStack[]> {
    this.calls.push("listStacks");
    return Promise.resolve([...this.stacks].map(([name, stack]) => ({ name, ...stack })));
  }

  lastUpdateConfig(stack: string): Promise<ConfigMap | undefined> {
    return Promise.resolve(this.stacks.get(stack)?.config);
  }

  private port(name: string): ReviewStackPort {
    return {
      // As the CLI does with --path --secret: each value encrypted into the stack file's config.
      setAllConfig: (config, path) => {
        this.calls.push(`config ${name}`);
        this.secretsSet.set(name, config);
        const file = join(this.projectDir, `Pulumi.${name}.yaml`);
        const doc = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
        const top = { ...(doc.config ?? {}) };
        for (const [key, { value, secret }] of Object.entries(config)) {
          const [head, ...rest] = path ? key.split(".") : [key];
          const leaf = secret ? { secure: "v1:fake-ciphertext" } : value;
          if (rest.length === 0) {
            top[head] = leaf;
            continue;
          }
          let at = (top[head] ??= {}) as Record<string, unknown>;
          for (const part of rest.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
          at[rest[rest.length - 1]] = leaf;
        }
        writeFileSync(file, stringify({ ...doc, config: top }));
        return Promise.resolve();
      },
      up: (opts) => {
        this.calls.push(`up ${name}`);
        opts.onOutput?.(this.upOutput);
        this.streamed += this.upOutput;
        const file = join(this.projectDir, `Pulumi.${name}.yaml`);
        this.deployed.set(name, existsSync(file) ? readFileSync(file, "utf8") : "");
        this.lastUp = opts;
        if (this.upFails.has(name)) return Promise.reject(new Error(`update of ${name} failed`));
        const config = (parse(this.deployed.get(name)!) as { config: Record<string, unknown> }).config;
        const review = config["slipway:review"];
        this.stacks.set(name, {
          lastUpdate: "2026-12-07T09:00:00.000Z",
          config: { "slipway:review": { value: JSON.stringify(review), secret: false } },
        });
        return Promise.resolve({});
      },
      // What an apps stack on an EKS cluster exports: its kubeconfig, and each copy's namespace (its name).
      outputs: () => {
        const apps = (parse(this.deployed.get(name) ?? "") as { config?: Record<string, object> })?.config?.[
          "slipway:apps"
        ];
        const namespaces = Object.keys(apps ?? {}).map((app) => [app, { namespace: app }]);
        return Promise.resolve({
          kubeconfig: { value: "apiVersion: v1\nkind: Config\n", secret: true },
          apps: { value: Object.fromEntries(namespaces), secret: false },
        });
      },
      destroy: () => {
        this.calls.push(`destroy ${name}`);
        if (this.destroyFails.has(name)) return Promise.reject(new Error(`destroy of ${name} failed`));
        return Promise.resolve({});
      },
    };
  }

  createOrSelectStack(stack: string): Promise<ReviewStackPort> {
    this.calls.push(`${this.stacks.has(stack) ? "select" : "create"} ${stack}`);
    if (!this.stacks.has(stack)) this.stacks.set(stack, {});
    return Promise.resolve(this.port(stack));
  }

  /** As `pulumi config refresh`: the last update's config and the passphrase provider's salt. */
  refreshStackFile(stack: string): Promise<void> {
    this.calls.push(`refresh ${stack}`);
    const config = this.stacks.get(stack)?.config;
    if (config === undefined) return Promise.reject(new Error(`stack ${stack} has no previous deployment`));
    const restored = { "slipway:stale": "from the last update", "slipway:review": decoded(config["slipway:review"]) };
    writeFileSync(join(this.projectDir, `Pulumi.${stack}.yaml`), stringify({ encryptionsalt: SALT, config: restored }));
    return Promise.resolve();
  }

  selectStack(stack: string): Promise<ReviewStackPort | undefined> {
    this.calls.push(`select ${stack}`);
    return Promise.resolve(this.stacks.has(stack) ? this.port(stack) : undefined);
  }

  removeStack(stack: string): Promise<void> {
    this.calls.push(`rm ${stack}`);
    this.stacks.delete(stack);
    return Promise.resolve();
  }
}

/**
 * A project directory holding the committed layered example's stack files (shop-staging and the
 * platform-staging that grants it review stacks) and a policy pack as `npm ci --prefix policy` leaves it.
 */
export function reviewProject(): string {
  const dir = tempDir("review-");
  for (const file of ["Pulumi.yaml", "Pulumi.shop-staging.yaml", "Pulumi.platform-staging.yaml"])
    cpSync(file, join(dir, file));
  mkdirSync(join(dir, "policy", "config"), { recursive: true });
  mkdirSync(join(dir, "policy", "node_modules"));
  for (const file of ["policy/PulumiPolicy.yaml", "policy/config/staging.json"]) cpSync(file, join(dir, file));
  return dir;
}

export function captured(): ReviewOutput & { lines: string[]; text: () => string } {
  const lines: string[] = [];
  let streamed = "";
  return {
    lines,
    log: (line) => lines.push(line),
    stream: (chunk) => (streamed += chunk),
    text: () => [...lines, streamed].join("\n"),
  };
}
