import { parse } from "yaml";
import { kubernetesScope } from "../../policy/policies/lib/kubernetes-scope";
import { A, eksCluster, urnOf } from "../support/aws";
import { at, find, ofType, render, webApp } from "../support/stack";
import type { RenderResult } from "../../tools/harness/render-stack";
import type { Registration } from "../../tools/harness/mock-engine";

const admin = "arn:aws:iam::123456789012:role/platform-admins";
const viewer = "arn:aws:iam::123456789012:role/developers";
const driftChecker = "arn:aws:iam::123456789012:role/drift-check";
const teamDeploy = "arn:aws:iam::210987654321:role/team-a-deploy";
const config = {
  environment: "dev",
  // Every kind an App can register, for the deployer role's test below.
  apps: {
    web: webApp({
      domains: ["www.example.com"],
      processes: { web: { autoscale: { min: 2, max: 4 } } },
      strategy: {
        type: "canary",
        steps: [{ setWeight: 50 }, { analysis: {} }],
        acceptance: { tests: { e2e: { image: { repository: "ghcr.io/acme/e2e", tag: "1.0.0" }, command: ["run"] } } },
      },
    }),
  },
  secrets: { web: { API_TOKEN: "not-a-real-token" } },
  cluster: eksCluster({
    endpoint: { publicAccessCidrs: ["203.0.113.0/24"] },
    access: {
      admins: [admin],
      viewers: [viewer],
      appStacks: { "team-a": { roleArn: teamDeploy, namespaces: ["shop", "cart"] } },
      driftCheckers: [driftChecker],
    },
    nodeGroups: {
      general: { instanceTypes: ["m7i.large"], min: 1, desired: 2, max: 4, diskSizeGiB: 80 },
      arm: {
        instanceTypes: ["m7g.large", "m6g.large"],
        arch: "arm64",
        capacityType: "spot",
        releaseVersion: "1.33.13-20260625",
        min: 0,
        desired: 0,
        max: 5,
        labels: { pool: "arm" },
        taints: [{ key: "pool", value: "arm", effect: "NoSchedule" }],
      },
    },
  }),
};

const json = (text: unknown) => JSON.parse(text as string);
const addon = (result: RenderResult, name: string) => find(result, A.addon, `cluster-${name}`);

describe("EKS cluster", () => {
  let result: RenderResult;
  beforeAll(async () => {
    result = await render(config);
  });

  test("private endpoint on, public endpoint only for the configured CIDRs", () => {
    const vpc = at(find(result, A.cluster, "cluster").inputs, "vpcConfig");
    expect(vpc).toMatchObject({
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
    });
  });

  test("without public CIDRs the public endpoint is off", async () => {
    const privateOnly = await render({ ...config, cluster: eksCluster() });
    const vpc = at(find(privateOnly, A.cluster, "cluster").inputs, "vpcConfig");
    expect(vpc.endpointPublicAccess).toBe(false);
    expect(vpc.publicAccessCidrs).toBeUndefined();
  });

  test("Kubernetes Secrets are envelope-encrypted with a rotating KMS key the control plane may use", () => {
    const cluster = find(result, A.cluster, "cluster").inputs;
    expect(at(cluster, "encryptionConfig.resources")).toEqual(["secrets"]);
    const keyArn = at(cluster, "encryptionConfig.provider.keyArn");
    expect(keyArn).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
    expect(find(result, A.key, "cluster-secrets").inputs.enableKeyRotation).toBe(true);
    const policy = json(find(result, A.rolePolicy, "cluster-control-plane-secrets-key").inputs.policy);
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        Resource: keyArn,
      },
    ]);
  });

  test("control-plane logs (api, audit, authenticator) go to a log group with a retention, created first", () => {
    const cluster = find(result, A.cluster, "cluster");
    expect(cluster.inputs.enabledClusterLogTypes).toEqual(expect.arrayContaining(["api", "audit", "authenticator"]));
    const group = find(result, A.logGroup, "cluster-control-plane");
    expect(group.inputs).toMatchObject({ name: "/aws/eks/slipway-test/cluster", retentionInDays: 30 });
    expect(cluster.options.dependsOn).toContain(group.urn);
  });

  test("authentication mode API, with access entries for the configured admins, viewers, drift checkers and app stacks", () => {
    expect(at(find(result, A.cluster, "cluster").inputs, "accessConfig.authenticationMode")).toBe("API");
    // The cluster's own entries (platform services such as Karpenter add theirs).
    const entries = ofType(result, A.accessEntry).filter((e) => e.urn.includes("slipway:cluster:Cluster$"));
    expect(entries.map((e) => e.inputs.principalArn).sort()).toEqual([viewer, admin, driftChecker, teamDeploy].sort());
    const policies = Object.fromEntries(ofType(result, A.accessPolicy).map((p) => [p.inputs.principalArn, p.inputs]));
    expect(policies[admin]).toMatchObject({
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    });
    expect(policies[viewer]).toMatchObject({
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
      accessScope: { type: "cluster" },
    });
    // --refresh reads Secrets too, which AmazonEKSViewPolicy does not grant.
    expect(policies[driftChecker]).toMatchObject({
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy",
      accessScope: { type: "cluster" },
    });
    // The app stack's role gets nothing cluster-wide: only its group, bound in its namespaces below.
    expect(policies[teamDeploy]).toBeUndefined();
    expect(entries.find((e) => e.inputs.principalArn === teamDeploy)!.inputs.kubernetesGroups).toEqual([
      "slipway:app-stack:team-a",
    ]);
  });

  test("an app stack's namespaces are made here, routable, with its group bound to the deployer role in each", () => {
    const group = { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "slipway:app-stack:team-a" };
    const granted = result.objects
      .map(({ object }) => object as any)
      .filter((o) => o.subjects?.some((s: unknown) => JSON.stringify(s) === JSON.stringify(group)));
    expect(granted.map((o) => [o.kind, o.metadata.namespace, o.roleRef.name]).sort()).toEqual([
      ["RoleBinding", "cart", "slipway-app-deployer"],
      ["RoleBinding", "shop", "slipway-app-deployer"],
    ]);
    for (const name of ["shop", "cart"]) {
      const ns = result.objects.find(({ object }) => object.kind === "Namespace" && object.metadata.name === name)!;
      expect(ns.registration.urn).toContain("slipway:cluster:Cluster$");
      // The Gateway's HTTPS listeners admit routes from namespaces with this label.
      expect(at(ns.object, "metadata.labels")).toMatchObject({ "app.kubernetes.io/part-of": "slipway" });
    }
  });

  test("the deployer role can make every object an App registers, and holds every rule of the Roles an App makes", () => {
    const rules = (find(result, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "cluster-app-deployer").inputs
      .rules ?? []) as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    const allows = (group: string, resource: string, verb: string) =>
      rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
    const appObjects = result.objects.filter(({ registration }) => registration.urn.includes("slipway:app:App$"));
    const kinds = new Set(appObjects.map(({ object }) => `${object.apiVersion} ${object.kind}`));
    expect(kinds.size).toBeGreaterThan(12);
    for (const { object } of appObjects.filter(({ object }) => object.kind !== "Namespace")) {
      const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
      const plural = object.kind.toLowerCase().replace(/y$/, "ie") + "s";
      for (const verb of ["get", "create", "patch", "delete"])
        expect([object.kind, verb, allows(group, plural, verb)]).toEqual([object.kind, verb, true]);
      // Kubernetes refuses a Role granting more than its creator holds (RBAC escalation check).
      for (const rule of object.kind === "Role" ? ((object as any).rules as typeof rules) : [])
        for (const [g, r, v] of rule.apiGroups.flatMap((g) =>
          rule.resources.flatMap((r) => rule.verbs.map((v) => [g, r, v])),
        ))
          expect([g, r, v, allows(g, r, v)]).toEqual([g, r, v, true]);
    }
  });

  test("the policy pack knows the scope of every kind this stack registers", () => {
    const unknown = result.objects
      .map(({ object }) => `${object.apiVersion} ${object.kind}`)
      .filter((kind) => kubernetesScope(kind.split(" ")[0], kind.split(" ")[1]) === undefined);
    expect([...new Set(unknown)]).toEqual([]);
  });

  test("an IAM OIDC provider for the cluster's issuer, for IRSA", () => {
    const provider = find(result, A.oidcProvider, "cluster-oidc").inputs;
    expect(provider.url).toMatch(/^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    expect(provider.clientIdLists).toEqual(["sts.amazonaws.com"]);
  });

  test("every node group launches through a template that requires IMDSv2 at hop limit 1 (no pod reaches the node role) and encrypts the root volume", () => {
    const templates = ofType(result, A.launchTemplate);
    expect(templates.map((t) => t.name).sort()).toEqual(["cluster-arm", "cluster-general"]);
    for (const template of templates) {
      expect(template.inputs.metadataOptions).toMatchObject({
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        httpEndpoint: "enabled",
      });
      expect(at(template.inputs, "blockDeviceMappings")[0]).toMatchObject({
        deviceName: "/dev/xvda",
        ebs: { encrypted: "true", volumeType: "gp3" },
      });
    }
    expect(at(find(result, A.launchTemplate, "cluster-general").inputs, "blockDeviceMappings")[0].ebs.volumeSize).toBe(
      80,
    );
    for (const group of ofType(result, A.nodeGroup)) {
      expect(at(group.inputs, "launchTemplate.version")).toBe("1");
      expect(group.inputs.diskSize).toBeUndefined();
    }
  });

  test("node groups follow config: instance types, capacity, scaling, labels, taints, architecture", () => {
    const arm = find(result, A.nodeGroup, "cluster-arm");
    expect(arm.inputs).toMatchObject({
      amiType: "AL2023_ARM_64_STANDARD",
      capacityType: "SPOT",
      instanceTypes: ["m7g.large", "m6g.large"],
      scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 5 },
      labels: { pool: "arm", "slipway.dev/node-group": "arm" },
      taints: [{ key: "pool", value: "arm", effect: "NO_SCHEDULE" }],
    });
    expect(find(result, A.nodeGroup, "cluster-general").inputs).toMatchObject({
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
    });
    // AMI releases: the arm group's own pin; the general group's the reviewed one for 1.33, the release
    // Karpenter's nodes run too (awslabs/amazon-eks-ami CHANGELOG at v20260724, "AMI Release v20260714").
    expect(arm.inputs.releaseVersion).toBe("1.33.13-20260625");
    expect(find(result, A.nodeGroup, "cluster-general").inputs.releaseVersion).toBe("1.33.13-20260714");
    // A node autoscaler owns the size after creation.
    expect(arm.options.ignoreChanges).toEqual(["scalingConfig.desiredSize"]);
  });

  test("the node role has exactly the AWS managed policies nodes need, attached explicitly", () => {
    const attached = ofType(result, A.attachment)
      .filter((a) => a.name.startsWith("cluster-nodes-"))
      .map((a) => a.inputs.policyArn)
      .sort();
    expect(attached).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
    expect(json(find(result, A.role, "cluster-nodes").inputs.assumeRolePolicy).Statement[0].Principal).toEqual({
      Service: ["ec2.amazonaws.com"],
    });
  });

  test("managed add-ons at the versions pinned in config", () => {
    const versions = Object.fromEntries(
      ofType(result, A.addon).map((a) => [a.inputs.addonName, a.inputs.addonVersion]),
    );
    expect(versions).toEqual(config.cluster.addons);
    expect(json(addon(result, "vpc-cni").inputs.configurationValues)).toEqual({ enableNetworkPolicy: "true" });
  });

  test.each([
    ["vpc-cni", "aws-node", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
    ["aws-ebs-csi-driver", "ebs-csi-controller-sa", "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
  ])("%s runs with its own IRSA role, trusted by exactly kube-system/%s", (name, serviceAccount, policyArn) => {
    const role = find(result, A.role, `cluster-${name}`);
    expect(addon(result, name).inputs.serviceAccountRoleArn).toMatch(
      new RegExp(`^arn:aws:iam::123456789012:role/cluster-${name}-`),
    );
    const statements = json(role.inputs.assumeRolePolicy).Statement;
    expect(statements).toHaveLength(1);
    const [issuerHost] = Object.keys(statements[0].Condition.StringEquals)[0].split(":");
    expect(statements[0]).toEqual({
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuerHost}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${issuerHost}:sub`]: `system:serviceaccount:kube-system:${serviceAccount}`,
          [`${issuerHost}:aud`]: "sts.amazonaws.com",
        },
      },
    });
    const attachments = ofType(result, A.attachment).filter(
      (a) => a.parent === urnOf(result, "slipway:iam:ServiceAccountRole", `cluster-${name}`),
    );
    expect(attachments.map((a) => a.inputs.policyArn)).toEqual([policyArn]);
  });

  test("networking add-ons come before nodes; coredns and the EBS driver after; Kubernetes objects after all of them", () => {
    const urns = (items: Registration[]) => items.map((i) => i.urn);
    const networking = urns(["vpc-cni", "kube-proxy", "eks-pod-identity-agent"].map((n) => addon(result, n)));
    const groups = ofType(result, A.nodeGroup);
    for (const group of groups) expect(group.options.dependsOn).toEqual(expect.arrayContaining(networking));
    for (const name of ["coredns", "aws-ebs-csi-driver"])
      expect(addon(result, name).options.dependsOn).toEqual(expect.arrayContaining(urns(groups)));
    const provider = find(result, A.k8sProvider, "cluster-k8s");
    expect(provider.options.dependsOn).toEqual(
      expect.arrayContaining([...urns(groups), addon(result, "coredns").urn, addon(result, "aws-ebs-csi-driver").urn]),
    );
  });

  test("the Kubernetes provider's kubeconfig is a secret that authenticates with aws eks get-token, holding no credentials", () => {
    const provider = find(result, A.k8sProvider, "cluster-k8s");
    expect(provider.secretPaths).toContainEqual(["kubeconfig"]);
    const kubeconfig = parse(provider.inputs.kubeconfig as string);
    const user = kubeconfig.users[0].user;
    expect(Object.keys(user)).toEqual(["exec"]);
    expect(user.exec).toMatchObject({ command: "aws", apiVersion: "client.authentication.k8s.io/v1beta1" });
    expect(user.exec.args).toEqual([
      "--region",
      "eu-west-1",
      "eks",
      "get-token",
      "--cluster-name",
      "slipway-test",
      "--output",
      "json",
    ]);
    expect(kubeconfig.clusters[0].cluster.server).toMatch(
      /^https:\/\/[0-9A-F]{32}\.gr7\.eu-west-1\.eks\.amazonaws\.com$/,
    );
    expect(Buffer.from(kubeconfig.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toContain(
      "BEGIN CERTIFICATE",
    );
  });

  test("every Kubernetes resource in the stack goes through that provider", () => {
    const provider = find(result, A.k8sProvider, "cluster-k8s").urn;
    const k8s = result.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(k8s.length).toBeGreaterThan(5);
    for (const resource of k8s) expect([resource.urn, resource.options.provider]).toEqual([resource.urn, provider]);
  });

  test("a default gp3 StorageClass, encrypted, bound when the pod is scheduled", () => {
    const storage = find(result, "kubernetes:storage.k8s.io/v1:StorageClass", "cluster-gp3").inputs;
    expect(storage).toMatchObject({
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
      volumeBindingMode: "WaitForFirstConsumer",
      metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    });
  });

  test("the cluster security group carries the Karpenter discovery tag", () => {
    const tag = find(result, A.tag, "cluster-security-group-discovery").inputs;
    expect(tag).toMatchObject({ key: "karpenter.sh/discovery", value: "slipway-test" });
    expect(tag.resourceId).toMatch(/^sg-/);
  });

  test("stack outputs: name, endpoint and OIDC issuer in the clear, the kubeconfig as a secret", () => {
    expect(result.outputs.clusterName).toBe("slipway-test");
    expect(result.outputs.clusterEndpoint).toBe(at(JSON.parse(JSON.stringify(result.outputs)), "clusterEndpoint"));
    expect(result.outputs.clusterEndpoint).toMatch(/^https:\/\/.+\.eks\.amazonaws\.com$/);
    expect(result.outputs.oidcIssuer).toMatch(/^oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    expect(result.outputs.kubeconfig).toBe("[secret]");
  });

  test("dev: no deletion protection; prod: deletion protection on", async () => {
    expect(find(result, A.cluster, "cluster").inputs.deletionProtection).toBe(false);
    const prod = await render({ ...config, environment: "prod" });
    expect(find(prod, A.cluster, "cluster").inputs.deletionProtection).toBe(true);
  });
});
