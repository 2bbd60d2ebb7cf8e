/**
 * The EKS cluster's nodes and add-ons (test/aws/cluster.ts's render, whose config declares the
 * general and arm groups): launch templates with IMDSv2 and encrypted disks, node groups as
 * configured, the node role, add-ons at their pins with their own IRSA roles, and their order.
 */
import type { Registration } from "../../tools/harness/mock-engine";
import type { RenderResult } from "../../tools/harness/render-stack";
import { A, urnOf } from "../support/aws";
import { at, find, ofType } from "../support/stack";

const json = (text: unknown) => JSON.parse(text as string);
const addon = (result: RenderResult, name: string) => find(result, A.addon, `cluster-${name}`);

export function clusterNodeTests(result: () => RenderResult, addons: unknown): void {
  test("every node group launches through a template that requires IMDSv2 at hop limit 1 (no pod reaches the node role) and encrypts the root volume", () => {
    const templates = ofType(result(), A.launchTemplate);
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
    expect(
      at(find(result(), A.launchTemplate, "cluster-general").inputs, "blockDeviceMappings")[0].ebs.volumeSize,
    ).toBe(80);
    for (const group of ofType(result(), A.nodeGroup)) {
      expect(at(group.inputs, "launchTemplate.version")).toBe("1");
      expect(group.inputs.diskSize).toBeUndefined();
    }
  });

  test("node groups follow config: instance types, capacity, scaling, labels, taints, architecture", () => {
    const arm = find(result(), A.nodeGroup, "cluster-arm");
    expect(arm.inputs).toMatchObject({
      amiType: "AL2023_ARM_64_STANDARD",
      capacityType: "SPOT",
      instanceTypes: ["m7g.large", "m6g.large"],
      scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 5 },
      labels: { pool: "arm", "slipway.dev/node-group": "arm" },
      taints: [{ key: "pool", value: "arm", effect: "NO_SCHEDULE" }],
    });
    expect(find(result(), A.nodeGroup, "cluster-general").inputs).toMatchObject({
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
    });
    // AMI releases: the arm group's own pin; the general group's the reviewed one for 1.33, the release
    // Karpenter's nodes run too (awslabs/amazon-eks-ami CHANGELOG at v20260724, "AMI Release v20260714").
    expect(arm.inputs.releaseVersion).toBe("1.33.13-20260625");
    expect(find(result(), A.nodeGroup, "cluster-general").inputs.releaseVersion).toBe("1.33.13-20260714");
    // A node autoscaler owns the size after creation.
    expect(arm.options.ignoreChanges).toEqual(["scalingConfig.desiredSize"]);
  });

  test("the node role has exactly the AWS managed policies nodes need, attached explicitly", () => {
    const attached = ofType(result(), A.attachment)
      .filter((a) => a.name.startsWith("cluster-nodes-"))
      .map((a) => a.inputs.policyArn)
      .sort();
    expect(attached).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
    expect(json(find(result(), A.role, "cluster-nodes").inputs.assumeRolePolicy).Statement[0].Principal).toEqual({
      Service: ["ec2.amazonaws.com"],
    });
  });

  test("managed add-ons at the versions pinned in config", () => {
    const versions = Object.fromEntries(
      ofType(result(), A.addon).map((a) => [a.inputs.addonName, a.inputs.addonVersion]),
    );
    expect(versions).toEqual(addons);
    expect(json(addon(result(), "vpc-cni").inputs.configurationValues)).toEqual({ enableNetworkPolicy: "true" });
  });

  test.each([
    ["vpc-cni", "aws-node", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
    ["aws-ebs-csi-driver", "ebs-csi-controller-sa", "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
  ])("%s runs with its own IRSA role, trusted by exactly kube-system/%s", (name, serviceAccount, policyArn) => {
    const role = find(result(), A.role, `cluster-${name}`);
    expect(addon(result(), name).inputs.serviceAccountRoleArn).toMatch(
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
    const attachments = ofType(result(), A.attachment).filter(
      (a) => a.parent === urnOf(result(), "slipway:iam:ServiceAccountRole", `cluster-${name}`),
    );
    expect(attachments.map((a) => a.inputs.policyArn)).toEqual([policyArn]);
  });

  test("networking add-ons come before nodes; coredns and the EBS driver after; Kubernetes objects after all of them", () => {
    const urns = (items: Registration[]) => items.map((i) => i.urn);
    const networking = urns(["vpc-cni", "kube-proxy", "eks-pod-identity-agent"].map((n) => addon(result(), n)));
    const groups = ofType(result(), A.nodeGroup);
    for (const group of groups) expect(group.options.dependsOn).toEqual(expect.arrayContaining(networking));
    for (const name of ["coredns", "aws-ebs-csi-driver"])
      expect(addon(result(), name).options.dependsOn).toEqual(expect.arrayContaining(urns(groups)));
    const provider = find(result(), A.k8sProvider, "cluster-k8s");
    expect(provider.options.dependsOn).toEqual(
      expect.arrayContaining([
        ...urns(groups),
        addon(result(), "coredns").urn,
        addon(result(), "aws-ebs-csi-driver").urn,
      ]),
    );
  });
}
