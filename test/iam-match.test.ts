/**
 * The IAM matcher the controller-policy tests rely on: wildcards in actions, ARNs and condition values,
 * condition implication, and refusal of what it does not model. Coverage must be sound: a pattern said
 * to cover another matches every string the other matches.
 */
import fc from "fast-check";
import {
  actionCovers,
  allows,
  conditionsImplied,
  coveringStatement,
  globCovers,
  resourceCovers,
  type IamStatement,
} from "./support/iam-match";
import { citesVersion, coverage, substitute } from "./support/iam-reference";

/** What IAM does with a glob on a concrete string. */
function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "s").test(value);
}

describe("globCovers", () => {
  test.each([
    ["*", "anything/at:all", true],
    ["listener/net/*/*/*", "listener/net/*/*/*", true],
    ["listener/*", "listener/net/*/*/*", true],
    ["listener/net/*/*/*", "listener/*", false],
    ["listener/net/*/*/*", "listener/app/*/*/*", false],
    ["a?c", "abc", true],
    ["a?c", "a*c", false],
    ["a*c", "a?c", true],
    ["abc", "a*c", false],
    ["", "", true],
    ["*", "", true],
  ])("%s covers %s: %s", (pattern, target, expected) => {
    expect(globCovers(pattern, target)).toBe(expected);
  });

  test("sound: when a pattern covers a target, it matches every concrete string the target matches", () => {
    const glob = fc.stringMatching(/^[ab*?/]{0,8}$/);
    const filler = fc.stringMatching(/^[ab/]{0,3}$/);
    fc.assert(
      fc.property(glob, glob, fc.array(filler, { minLength: 8, maxLength: 8 }), (pattern, target, fills) => {
        if (!globCovers(pattern, target)) return;
        let i = 0;
        // One instance of the target: each * becomes some string, each ? one character.
        const instance = target.replace(/[*?]/g, (w) => (w === "*" ? fills[i++ % 8] : (fills[i++ % 8] + "a")[0]));
        expect(globMatches(target, instance)).toBe(true);
        expect(globMatches(pattern, instance)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("actions and resources", () => {
  test("actions compare case-insensitively and take wildcards", () => {
    expect(actionCovers("elasticloadbalancing:Describe*", "elasticloadbalancing:DescribeRules")).toBe(true);
    expect(actionCovers("EC2:createtags", "ec2:CreateTags")).toBe(true);
    expect(actionCovers("ec2:Describe*", "ec2:CreateTags")).toBe(false);
  });

  test("a wildcard in an ARN's first five segments stays in its segment; the resource part may hold ':' and '/'", () => {
    expect(
      resourceCovers("arn:*:ec2:*:*:security-group/*", "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1"),
    ).toBe(true);
    expect(resourceCovers("arn:aws:ec2:*:*:image/*", "arn:aws:ec2:eu-west-1::image/*")).toBe(true);
    expect(resourceCovers("arn:aws:ec2:eu-west-1:*:image/*", "arn:aws:ec2:*::image/*")).toBe(false);
    expect(resourceCovers("arn:aws:logs:*:*:log-group:*", "arn:aws:logs:eu-west-1:1:log-group:a:log-stream:b")).toBe(
      true,
    );
    expect(resourceCovers("arn:aws*", "arn:aws:s3:::bucket")).toBe(false);
    expect(resourceCovers("*", "arn:aws:s3:::bucket")).toBe(true);
    expect(resourceCovers("arn:aws:s3:::bucket/*", "*")).toBe(false);
  });
});

describe("condition implication", () => {
  const tagged = { Null: { "aws:ResourceTag/owner": "false" } };

  test("a granted condition holds when the reference constrains the same key as tightly or more", () => {
    expect(conditionsImplied(undefined, {})).toBe(true);
    expect(conditionsImplied(tagged, tagged)).toBe(true);
    expect(conditionsImplied(tagged, {})).toBe(false);
    // The key must be present for a string test on it to match.
    expect(conditionsImplied(tagged, { StringEquals: { "aws:ResourceTag/owner": "me" } })).toBe(true);
    expect(conditionsImplied(tagged, { StringEqualsIfExists: { "aws:ResourceTag/owner": "me" } })).toBe(false);
    expect(conditionsImplied({ StringEquals: { k: ["a", "b"] } }, { StringEquals: { k: "a" } })).toBe(true);
    expect(conditionsImplied({ StringEquals: { k: "a" } }, { StringEquals: { k: ["a", "b"] } })).toBe(false);
    expect(conditionsImplied({ StringLike: { k: "a*" } }, { StringEquals: { k: "abc" } })).toBe(true);
    expect(conditionsImplied({ StringLike: { k: "a*" } }, { StringLike: { k: "*" } })).toBe(false);
    expect(conditionsImplied({ StringEquals: { k: "*" } }, { StringLike: { k: "*" } })).toBe(false);
    expect(conditionsImplied({ StringEqualsIfExists: { k: "a" } }, { StringEquals: { k: "a" } })).toBe(true);
    expect(conditionsImplied({ StringEquals: { k: "a" } }, { StringEqualsIfExists: { k: "a" } })).toBe(false);
    expect(
      conditionsImplied(
        { "ForAllValues:StringEquals": { tags: ["a", "b"] } },
        { "ForAllValues:StringEquals": { tags: ["a"] } },
      ),
    ).toBe(true);
    expect(conditionsImplied({ "ForAllValues:StringEquals": { tags: ["a"] } }, { StringEquals: { tags: "a" } })).toBe(
      false,
    );
  });

  test("operators whose implication this matcher does not model are refused", () => {
    expect(() => conditionsImplied({ StringNotEquals: { k: "a" } }, { StringNotEquals: { k: "a" } })).toThrow(
      "StringNotEquals is not supported",
    );
    expect(() => conditionsImplied({ Bool: { "aws:SecureTransport": "true" } }, {})).toThrow("Bool is not supported");
  });
});

describe("statements and requests", () => {
  const grant: IamStatement[] = [
    {
      Sid: "Own",
      Effect: "Allow",
      Action: "ec2:*Tags",
      Resource: "*",
      Condition: { Null: { "aws:ResourceTag/o": "false" } },
    },
    {
      Sid: "Sg",
      Effect: "Allow",
      Action: "ec2:AuthorizeSecurityGroupIngress",
      Resource: "arn:aws:ec2:r:1:security-group/sg-1",
    },
  ];

  test("a pair is covered by one statement that matches its action, resource and conditions", () => {
    const pair = { action: "ec2:CreateTags", resource: "arn:aws:ec2:*:*:security-group/*", conditions: {} };
    expect(coveringStatement(grant, pair)).toBeUndefined();
    expect(coveringStatement(grant, { ...pair, conditions: { Null: { "aws:ResourceTag/o": "false" } } })?.Sid).toBe(
      "Own",
    );
  });

  test("a concrete request is allowed only with the context the conditions ask for", () => {
    expect(allows(grant, { action: "ec2:DeleteTags", resource: "arn:aws:ec2:r:1:instance/i-1" })).toBe(false);
    expect(allows(grant, { action: "ec2:DeleteTags", resource: "x", context: { "aws:ResourceTag/o": "v" } })).toBe(
      true,
    );
    expect(
      allows(grant, { action: "ec2:AuthorizeSecurityGroupIngress", resource: "arn:aws:ec2:r:1:security-group/sg-1" }),
    ).toBe(true);
    expect(
      allows(grant, { action: "ec2:AuthorizeSecurityGroupIngress", resource: "arn:aws:ec2:r:1:security-group/sg-2" }),
    ).toBe(false);
    const tagKeys: IamStatement[] = [
      {
        Effect: "Allow",
        Action: "ec2:CreateTags",
        Resource: "*",
        Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["Name", "a"] } },
      },
    ];
    expect(allows(tagKeys, { action: "ec2:CreateTags", resource: "x", context: { "aws:TagKeys": ["Name"] } })).toBe(
      true,
    );
    expect(
      allows(tagKeys, { action: "ec2:CreateTags", resource: "x", context: { "aws:TagKeys": ["Name", "b"] } }),
    ).toBe(false);
  });

  test("Deny and Not* statements are refused rather than half-evaluated", () => {
    const deny: IamStatement[] = [{ Effect: "Deny", Action: "*", Resource: "*" }];
    expect(() => allows(deny, { action: "s3:GetObject", resource: "x" })).toThrow("only Allow statements");
    const notAction = [{ Effect: "Allow", NotAction: "iam:*", Action: [], Resource: "*" }] as unknown as IamStatement[];
    expect(() => coverage(notAction, [], [])).toThrow("NotAction is not supported");
  });
});

describe("coverage and narrowings", () => {
  const reference: IamStatement[] = [{ Effect: "Allow", Action: ["a:One", "a:Two"], Resource: "*" }];
  const narrowing = {
    actions: ["a:Two"],
    resources: ["*"],
    why: "never called at this version",
    source: "o/r v1 f.go:1",
  };

  test("a request neither granted nor named is denied; a narrowing that names no left-out request is unused", () => {
    const grantOne: IamStatement[] = [{ Effect: "Allow", Action: "a:One", Resource: "*" }];
    expect(coverage(reference, grantOne, [])).toEqual({
      denied: [{ action: "a:Two", resource: "*", conditions: {} }],
      unused: [],
    });
    expect(coverage(reference, grantOne, [narrowing])).toEqual({ denied: [], unused: [] });
    const grantBoth: IamStatement[] = [{ Effect: "Allow", Action: "a:*", Resource: "*" }];
    expect(coverage(reference, grantBoth, [narrowing])).toEqual({ denied: [], unused: [narrowing] });
  });

  test("a citation names the version it was read at, whatever the tag's form", () => {
    expect(citesVersion("o/r v2.14.0 pkg/a.go:1", "v2.14.0")).toBe(true);
    expect(citesVersion("o/r v0.19.0 provider/aws/aws.go:395", "0.19.0")).toBe(true);
    expect(citesVersion("kubernetes/autoscaler cluster-autoscaler-1.33.0 a/b.go:1", "1.33.0")).toBe(true);
    expect(citesVersion("o/r v2.14.1 pkg/a.go:1", "v2.14.0")).toBe(false);
    expect(citesVersion("o/r v2.14.01 pkg/a.go:1", "2.14.0")).toBe(false);
    expect(citesVersion("o/r v2.14.0", "2.14.0")).toBe(false);
  });

  test("placeholders are filled from the values given, and one without a value is an error", () => {
    expect(substitute("arn:${AWS::Partition}:x", { "AWS::Partition": "aws" })).toBe("arn:aws:x");
    expect(() => substitute("${Missing}", {})).toThrow("no value for placeholder ${Missing}");
  });
});
