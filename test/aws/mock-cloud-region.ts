/**
 * The mock cloud answers in the stack's own region, as the AWS provider would: a us-east-2 stack
 * must not render eu-west-1 ARNs, zones or registry URLs.
 */
import { mockCall } from "../../tools/harness/mock-cloud";
import type { RenderResult } from "../../tools/harness/render-stack";
import { renderStack } from "../../tools/harness/render-stack";
import { readStackFile } from "../../tools/harness/stack-file";
import { A } from "../support/aws";
import { ofType } from "../support/stack";

let result: RenderResult;
beforeAll(async () => {
  const input = readStackFile("Pulumi.dev.yaml", "dev");
  result = await renderStack({ ...input, config: { ...input.config, "aws:region": "us-east-2" } });
});

test("ARNs, endpoints, zones and registry URLs are in the stack's region", () => {
  const text = JSON.stringify([result.resources, result.outputs]);
  // Booleans, so a failure does not print the whole render.
  expect(text.includes("eu-west-1")).toBe(false);
  const cluster = String(ofType(result, A.cluster)[0].inputs.name);
  expect(text.includes(`arn:aws:eks:us-east-2:123456789012:cluster/${cluster}`)).toBe(true);
  expect(text.includes("123456789012.dkr.ecr.us-east-2.amazonaws.com/")).toBe(true);
  expect(text.includes("oidc.eks.us-east-2.amazonaws.com/id/")).toBe(true);
  expect([...new Set(ofType(result, A.subnet).map((subnet) => subnet.inputs.availabilityZone))].sort()).toEqual([
    "us-east-2a",
    "us-east-2b",
  ]);
});

test("zone ids abbreviate the region as AWS does", () => {
  const zoneIds = (region: string) =>
    mockCall({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} }, region).zoneIds;
  expect(zoneIds("us-east-2")).toEqual(["use2-az1", "use2-az2", "use2-az3"]);
  expect(zoneIds("ap-southeast-1")).toEqual(["apse1-az1", "apse1-az2", "apse1-az3"]);
  expect(zoneIds("eu-central-1")).toEqual(["euc1-az1", "euc1-az2", "euc1-az3"]);
});
