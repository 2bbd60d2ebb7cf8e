/**
 * Controller IAM follows the reference: for each controller whose project publishes a reference
 * policy, the rendered role allows every request the reference allows at the pinned version, except
 * those a narrowing names (and every narrowing names one). The references are read from
 * ../shared/upstream/iam/<controller>-<version>/, the version taken from the pinned chart, so a pin
 * bump without its reference fails here. Where no reference is published, every action a role grants
 * has its call site cited, and no citation outlives its action.
 */
import { bucketAccessActions, APP_ACTION_PURPOSES } from "../components/app/aws-access";
import { CERT_MANAGER_CHART } from "../components/platform/services/cert-manager";
import { CERT_MANAGER_ACTION_SOURCES } from "../components/platform/services/cert-manager-iam";
import {
  CLUSTER_AUTOSCALER_ACTION_SOURCES,
  CLUSTER_AUTOSCALER_CHART,
  clusterAutoscalerStatements,
} from "../components/platform/services/cluster-autoscaler";
import {
  EXTERNAL_SECRETS_ACTION_SOURCES,
  EXTERNAL_SECRETS_CHART,
} from "../components/platform/services/external-secrets";
import { FLUENT_BIT_ACTION_SOURCES, LOGGING_CHART } from "../components/platform/services/logging";
import { EXTERNAL_DNS_CHART, EXTERNAL_DNS_NARROWINGS } from "../components/platform/services/external-dns";
import { KARPENTER_CHART } from "../components/platform/services/karpenter";
import { KARPENTER_NARROWINGS } from "../components/platform/services/karpenter-iam";
import { LOAD_BALANCER_CONTROLLER_CHART } from "../components/platform/services/load-balancer-controller";
import { LOAD_BALANCER_CONTROLLER_NARROWINGS } from "../components/platform/services/load-balancer-controller-iam";
import type { IamNarrowing } from "../components/iam";
import { MOCK_ACCOUNT, MOCK_REGION, mockOutputsOf } from "../tools/harness/mock-cloud";
import type { RenderResult } from "../tools/harness/render-stack";
import { allows, type IamStatement } from "./support/iam-match";
import {
  chartAppVersion,
  citesVersion,
  cloudFormationPolicy,
  coverage,
  markdownPolicy,
  referenceFile,
  substitute,
} from "./support/iam-reference";
import { H, platformStack, rolePolicy, values } from "./support/platform";
import { A } from "./support/aws";
import { find, render } from "./support/stack";

const CLUSTER = "slipway-prod";
let result: RenderResult;

beforeAll(async () => {
  result = await render(
    platformStack(
      {
        hostedZones: [{ domain: "example.com", zoneId: "Z0COM00000000" }],
        externalDns: { enabled: true, policy: "upsert-only" },
        loadBalancerController: { enabled: true },
        karpenter: { amiAlias: "al2023@v20250101" },
        certManager: { email: "ops@example.com" },
        logging: { destination: "cloudwatch" },
        externalSecrets: { enabled: true, secretPrefix: "slipway/prod/" },
      },
      "prod",
    ),
    "prod",
  );
});

function granted(role: string): IamStatement[] {
  return rolePolicy(result, role).Statement;
}

/** `version`: the controller's; every narrowing cites its source at that version, so a bump re-reads them. */
function expectCovered(
  reference: IamStatement[],
  role: string,
  narrowings: IamNarrowing[],
  version: string,
  fill?: (s: string) => string,
) {
  const { denied, unused } = coverage(reference, granted(role), narrowings, fill);
  expect(denied).toEqual([]);
  expect(unused).toEqual([]);
  for (const narrowing of narrowings) {
    expect(narrowing.why.length).toBeGreaterThan(30);
    expect([narrowing.source, citesVersion(narrowing.source, version)]).toEqual([narrowing.source, true]);
    if (!narrowing.grantedBy) continue;
    // A narrowing that says what Slipway grants instead must grant it.
    const statement = granted(role).find((s) => s.Sid === narrowing.grantedBy);
    expect([narrowing.grantedBy, [statement?.Action].flat()]).toEqual([
      narrowing.grantedBy,
      expect.arrayContaining(narrowing.actions),
    ]);
  }
}

describe("AWS Load Balancer Controller", () => {
  const version = chartAppVersion(LOAD_BALANCER_CONTROLLER_CHART.chart, LOAD_BALANCER_CONTROLLER_CHART.version);
  const reference = (): IamStatement[] =>
    JSON.parse(referenceFile("aws-load-balancer-controller", version, "iam_policy.json")).Statement;

  test(`the role allows every request of the ${version} reference policy, or a narrowing names it`, () => {
    expectCovered(reference(), "aws-load-balancer-controller", LOAD_BALANCER_CONTROLLER_NARROWINGS, version);
  });

  test("it may tag the listeners it creates: listener tagging is on by default at this version", () => {
    const listener = `arn:aws:elasticloadbalancing:${MOCK_REGION}:${MOCK_ACCOUNT}:listener/net/k8s-router/0f1e2d3c4b5a6978/1a2b3c4d5e6f7089`;
    const onCreate = {
      "elasticloadbalancing:CreateAction": "CreateListener",
      "aws:RequestTag/elbv2.k8s.aws/cluster": CLUSTER,
    };
    const statements = granted("aws-load-balancer-controller");
    expect(allows(statements, { action: "elasticloadbalancing:AddTags", resource: listener, context: onCreate })).toBe(
      true,
    );
    expect(allows(statements, { action: "elasticloadbalancing:RemoveTags", resource: listener })).toBe(true);
    // Not an ALB's: Slipway creates none.
    const albListener = listener.replace("listener/net/", "listener/app/");
    expect(
      allows(statements, { action: "elasticloadbalancing:AddTags", resource: albListener, context: onCreate }),
    ).toBe(false);
  });

  test("it may open the nodes' security group (the EKS cluster's, untagged by the controller) to the NLB, and no other untagged group", () => {
    const cluster = result.resources.find((r) => r.type === A.cluster)!;
    const clusterGroup = mockOutputsOf(cluster.type, cluster.name, cluster.inputs) as {
      vpcConfig: { clusterSecurityGroupId: string };
    };
    const arn = (id: string) => `arn:aws:ec2:${MOCK_REGION}:${MOCK_ACCOUNT}:security-group/${id}`;
    const statements = granted("aws-load-balancer-controller");
    for (const action of ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]) {
      expect(allows(statements, { action, resource: arn(clusterGroup.vpcConfig.clusterSecurityGroupId) })).toBe(true);
      expect(allows(statements, { action, resource: arn("sg-0someoneelses0") })).toBe(false);
      expect(
        allows(statements, {
          action,
          resource: arn("sg-0someoneelses0"),
          context: { "aws:ResourceTag/elbv2.k8s.aws/cluster": CLUSTER },
        }),
      ).toBe(true);
    }
  });

  test("the WAF, WAFv2 and Shield addons the role grants nothing for are off", () => {
    expect(values(result, "aws-load-balancer-controller")).toMatchObject({
      enableShield: false,
      enableWaf: false,
      enableWafv2: false,
    });
  });
});

describe("Karpenter", () => {
  const version = chartAppVersion(KARPENTER_CHART.chart, KARPENTER_CHART.version);

  test(`the controller's role allows every request of the ${version} reference policy, or a narrowing names it`, () => {
    const queue = find(result, "aws:sqs/queue:Queue", "karpenter-interruptions");
    const nodeRole = find(result, H.role, "karpenter-node");
    const placeholders = {
      "AWS::Partition": "aws",
      "AWS::Region": MOCK_REGION,
      "AWS::AccountId": MOCK_ACCOUNT,
      ClusterName: CLUSTER,
      "KarpenterInterruptionQueue.Arn": String(mockOutputsOf(queue.type, queue.name, queue.inputs).arn),
      "KarpenterNodeRole.Arn": String(mockOutputsOf(nodeRole.type, nodeRole.name, nodeRole.inputs).arn),
    };
    const reference = cloudFormationPolicy(
      referenceFile("karpenter", version, "cloudformation.yaml"),
      "KarpenterControllerPolicy",
      placeholders,
    );
    expect(reference.length).toBeGreaterThan(10);
    expectCovered(reference, "karpenter", KARPENTER_NARROWINGS, version, (s) => substitute(s, placeholders));
  });

  test("it may list instance profiles as upstream grants it, unscoped", () => {
    expect(allows(granted("karpenter"), { action: "iam:ListInstanceProfiles", resource: "*" })).toBe(true);
  });
});

describe("external-dns", () => {
  test(`the role allows every request of the chart ${EXTERNAL_DNS_CHART.version} reference policy, narrowed to the configured zones`, () => {
    const reference = markdownPolicy(referenceFile("external-dns", EXTERNAL_DNS_CHART.version, "aws.md"));
    const appVersion = chartAppVersion(EXTERNAL_DNS_CHART.chart, EXTERNAL_DNS_CHART.version);
    expectCovered(reference, "external-dns", EXTERNAL_DNS_NARROWINGS, appVersion);
    const zone = (id: string) => `arn:aws:route53:::hostedzone/${id}`;
    const statements = granted("external-dns");
    expect(allows(statements, { action: "route53:ChangeResourceRecordSets", resource: zone("Z0COM00000000") })).toBe(
      true,
    );
    expect(allows(statements, { action: "route53:ChangeResourceRecordSets", resource: zone("Z0OTHER000000") })).toBe(
      false,
    );
  });
});

describe("controllers whose projects publish no reference policy", () => {
  const actionsOf = (statements: IamStatement[]) => [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();
  const CITATION = /^[\w.-]+\/[\w.-]+ \S+ \S+:\d+$/;

  test.each([
    ["cert-manager", () => granted("cert-manager"), CERT_MANAGER_ACTION_SOURCES, CERT_MANAGER_CHART],
    ["fluent-bit", () => granted("fluent-bit"), FLUENT_BIT_ACTION_SOURCES, LOGGING_CHART],
    [
      "external-secrets (each tenant store's role)",
      () => granted("slipway-secrets-prod"),
      EXTERNAL_SECRETS_ACTION_SOURCES,
      EXTERNAL_SECRETS_CHART,
    ],
    [
      "cluster-autoscaler",
      () => clusterAutoscalerStatements(CLUSTER) as IamStatement[],
      CLUSTER_AUTOSCALER_ACTION_SOURCES,
      CLUSTER_AUTOSCALER_CHART,
    ],
  ])(
    "%s: every action its role grants cites the call site at the chart's appVersion, and nothing else is cited",
    (_, statements, sources, pin) => {
      expect(actionsOf(statements())).toEqual(Object.keys(sources).sort());
      // A chart bump fails here until each call site is read again at the new appVersion.
      const appVersion = chartAppVersion(pin.chart, pin.version);
      for (const source of Object.values(sources)) {
        expect(source).toMatch(CITATION);
        expect([source, citesVersion(source, appVersion)]).toEqual([source, true]);
      }
    },
  );

  test("apps: every action an access level grants says which operations it authorises", () => {
    const granted = [...new Set([...bucketAccessActions("read"), ...bucketAccessActions("readWrite")])].sort();
    expect(granted).toEqual(Object.keys(APP_ACTION_PURPOSES).sort());
    expect(bucketAccessActions("read").filter((a) => /Put|Delete|GenerateDataKey|Abort/.test(a))).toEqual([]);
  });
});
