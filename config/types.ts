/** The validated stack config's types: what the loader (stacks/config.ts) hands the program. */
import type * as pulumi from "@pulumi/pulumi";
import type { ParsedStackConfig } from "./stack";

export type { ProcessSettings, HealthcheckConfig } from "./app";
export type { AppConfig } from "./app-exclusive-keys";
export type { PlatformConfig } from "./platform";
export type { AnalysisConfig, BlueGreenStrategy, CanaryStrategy } from "./strategy";
export type { AcceptanceConfig } from "./acceptance";
export type { ClusterConfig, EksClusterConfig } from "./cluster";
export type { NetworkConfig } from "./network";
export type { NodeGroupConfig } from "./node-group";
export type { RegistryConfig } from "./registry";
export type { ArtifactsConfig } from "./artifacts";
export type { BuildConfig } from "./build";

/** App secrets: names in the clear, every value a Pulumi secret. */
export type AppSecrets = Record<string, pulumi.Output<string>>;

/** Keyed digest of one app's secrets; the plain values stay inside this closure. */
export type SecretsDigest = (key: string) => string;

export interface StackConfig extends Omit<ParsedStackConfig, "secrets"> {
  stack: string;
  project: string;
  secrets: Record<string, AppSecrets>;
  /** Per app with secrets: lets a Secret be named synchronously once the naming key is known. */
  secretDigests: Record<string, SecretsDigest>;
  /** The URL `slipway:notifications.webhook` names, taken out of its app's secrets. */
  webhookUrl?: pulumi.Output<string>;
  /** Content digests of the apps that build their image (`build:`), by app name. */
  buildDigests: Record<string, string>;
}
