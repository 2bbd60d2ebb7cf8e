/**
 * Where apps' own images live. `ecr`: a private ECR repository per app, scanned on push, encrypted,
 * with immutable tags and a lifecycle policy. `local`: a registry beside a laptop cluster (kind's
 * documented localhost:5001 registry), which needs no login. `off`: no registry.
 */
import * as pulumi from "@pulumi/pulumi";
import { getAuthorizationTokenOutput } from "@pulumi/aws/ecr/getAuthorizationToken";
import { LifecyclePolicy } from "@pulumi/aws/ecr/lifecyclePolicy";
import { Repository } from "@pulumi/aws/ecr/repository";
import type { RegistryConfig } from "../config/types";
import { own } from "../config/raw";
import { awsNamePart } from "../config/aws-names";
import { dataSafety, type AwsTags } from "./aws-common";
import { lifecyclePolicy } from "./ecr-lifecycle";

export interface RegistryCredentials {
  server: pulumi.Output<string>;
  username: pulumi.Output<string>;
  /** A secret. */
  password: pulumi.Output<string>;
}

export interface ImageRegistry {
  /** The repository of the images an app runs from this registry (no tag): its own, or the one it borrows; undefined when it has none. */
  repositoryFor(app: string): pulumi.Output<string> | undefined;
  /** How docker logs in to push; undefined when the registry needs no login. */
  pushCredentials(): RegistryCredentials | undefined;
}

export interface EcrRegistryArgs {
  config: RegistryConfig;
  /** Every app in the stack; the repositories are for `config.apps` when set, else for all of them. */
  apps: string[];
  stack: string;
  tags: AwsTags;
  /**
   * A review stack's repositories: `destroy` deletes them with the images its copies pushed, and they are
   * never protected. Without `forceDelete` a repository holding images is not deleted (pulumi/pulumi-aws
   * v7.48.0, sdk/nodejs/ecr/repository.ts `forceDelete`).
   * @default false
   */
  ephemeral?: boolean;
  /**
   * Apps that own no repository here and run the images of another stack's app from its repository in
   * this registry: a review copy of an app whose image is a tag or digest of its own repository.
   * @default {}
   */
  borrowed?: Record<string, RepositoryOwner>;
}

/** The stack and app whose own repository it is. */
export interface RepositoryOwner {
  stack: string;
  app: string;
}

class EcrRegistry extends pulumi.ComponentResource implements ImageRegistry {
  public readonly repositoryUrls: Record<string, pulumi.Output<string>> = {};
  private credentials?: RegistryCredentials;
  private token?: ReturnType<typeof getAuthorizationTokenOutput>;

  constructor(name: string, args: EcrRegistryArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("slipway:registry:EcrRegistry", name, {}, opts);
    const { config } = args;
    const ephemeral = args.ephemeral ?? false;
    const borrowed = args.borrowed ?? {};
    for (const app of [...(config.apps ?? args.apps)].filter((app) => !Object.hasOwn(borrowed, app)).sort()) {
      const repository = new Repository(
        `${name}-${app}`,
        {
          name: ecrRepositoryName(config, args.stack, app),
          imageTagMutability: "IMMUTABLE",
          imageScanningConfiguration: { scanOnPush: config.scanOnPush },
          encryptionConfigurations: [{ encryptionType: config.encryption === "kms" ? "KMS" : "AES256" }],
          forceDelete: ephemeral,
          tags: { ...args.tags, "slipway.dev/app": app },
        },
        { parent: this, ...dataSafety(config.protect && !ephemeral, true) },
      );
      new LifecyclePolicy(
        `${name}-${app}`,
        { repository: repository.name, policy: lifecyclePolicy(config) },
        { parent: this },
      );
      this.repositoryUrls[app] = repository.repositoryUrl;
    }
    // The registry's host is the login endpoint's: ECR serves `<account>.dkr.ecr.<region>.amazonaws.com`
    // for both (pulumi/pulumi-aws v7.48.0, sdk/nodejs/ecr/getAuthorizationToken.ts `proxyEndpoint`, and
    // ecr/repository.ts `repositoryUrl`), and the review role may log in but need not describe the
    // source's repositories (docs/review-apps.md). An invoke's answer is secret as a whole when
    // any part is (@pulumi/pulumi 3.248.0 runtime/invoke.js `invokeOutput`), as a password may be; the
    // host is not a secret.
    for (const app of Object.keys(borrowed).sort()) {
      const { stack, app: owner } = borrowed[app];
      const repositoryName = ecrRepositoryName(config, stack, owner);
      this.repositoryUrls[app] = pulumi
        .unsecret(this.authorizationToken().proxyEndpoint)
        .apply((endpoint) => `${new URL(endpoint).host}/${repositoryName}`);
    }
    this.registerOutputs({ repositoryUrls: this.repositoryUrls });
  }

  private authorizationToken() {
    this.token ??= getAuthorizationTokenOutput({}, { parent: this });
    return this.token;
  }

  repositoryFor(app: string): pulumi.Output<string> | undefined {
    return own(this.repositoryUrls, app);
  }

  /** One short-lived token (12 hours) per deployment, fetched with the deployer's AWS identity. */
  pushCredentials(): RegistryCredentials {
    if (!this.credentials) {
      const token = this.authorizationToken();
      this.credentials = {
        server: token.proxyEndpoint,
        username: token.userName,
        password: pulumi.secret(token.password),
      };
    }
    return this.credentials;
  }
}

/** kind's local registry: docker pushes to it from the host, the nodes pull through the same name. */
class LocalRegistry implements ImageRegistry {
  constructor(private readonly server: string) {}

  repositoryFor(app: string): pulumi.Output<string> {
    return pulumi.output(`${this.server}/${app}`);
  }

  pushCredentials(): undefined {
    return undefined;
  }
}

/** `<prefix>/<app>`: ECR's repository name, which the URL ends with. */
export function ecrRepositoryName(config: RegistryConfig, stack: string, app: string): string {
  return `${config.repositoryPrefix ?? `slipway/${awsNamePart(stack)}`}/${app}`;
}

export function createImageRegistry(name: string, args: EcrRegistryArgs): ImageRegistry | undefined {
  if (args.config.mode === "ecr") return new EcrRegistry(name, args);
  // Review stacks, the only ones that borrow, run on EKS platforms, which refuse a local registry.
  if (args.config.mode === "local") return new LocalRegistry(args.config.server);
  return undefined;
}
