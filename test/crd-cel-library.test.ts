/**
 * The Kubernetes CEL functions the pinned CRD rules call beyond standard CEL, against the examples and
 * semantics of their upstream definitions, and the rule machinery around them: escaped property
 * names, transition rules skipped on create, and rules this offline check cannot compile reported.
 */
import { find, split } from "../tools/harness/crd/cel-library";
import { compileRule, evaluateRules } from "../tools/harness/crd/cel-rules";
import { celValue, escapeProperty } from "../tools/harness/crd/cel-values";
import type { Schema } from "../tools/harness/crd/schemas";

const counts = () => ({ evaluated: 0, skippedTransition: 0 });

describe("find (kubernetes library/regex.go)", () => {
  test("returns the leftmost match, or an empty string when there is none", () => {
    // The examples of kubernetes/kubernetes v1.33.13 staging/src/k8s.io/apiserver/pkg/cel/library/regex.go L41-42.
    expect(find("abc 123", "[0-9]+")).toBe("123");
    expect(find("abc 123", "xyz")).toBe("");
    // As Karpenter's label-domain rules use it: the part before the first slash.
    expect(find("karpenter.sh/capacity-type", "^([^/]+)")).toBe("karpenter.sh");
    expect(find("al2023@v20250101", "^[^@]+")).toBe("al2023");
  });

  test("a pattern RE2 refuses is an error, as upstream's 'Illegal regex'", () => {
    expect(() => find("x", "(")).toThrow(/Illegal regex/);
    // Valid JavaScript, not RE2: refused rather than evaluated with other semantics.
    expect(() => find("x", "(?<=a)x")).toThrow(/Illegal regex/);
  });
});

describe("split (cel-go ext/strings.go, Go strings.SplitN)", () => {
  test("the upstream examples", () => {
    // google/cel-go v0.23.2 ext/strings.go L224-228.
    expect(split("hello hello hello", " ")).toEqual(["hello", "hello", "hello"]);
    expect(split("hello hello hello", " ", 0n)).toEqual([]);
    expect(split("hello hello hello", " ", 1n)).toEqual(["hello hello hello"]);
    expect(split("hello hello hello", " ", 2n)).toEqual(["hello", "hello hello"]);
    expect(split("hello hello hello", " ", -1n)).toEqual(["hello", "hello", "hello"]);
  });

  test("an empty separator splits between characters; no separator present gives the whole string", () => {
    expect(split("añb", "")).toEqual(["a", "ñ", "b"]);
    expect(split("al2023", "@")).toEqual(["al2023"]);
  });
});

describe("rules", () => {
  const evaluate = (rule: string, value: unknown, schema: Schema) =>
    evaluateRules([{ rule, message: "refused" }], celValue(value as never, schema), "spec", "object", counts());

  test("split and find run inside rules as the pinned Karpenter rules call them", () => {
    const alias: Schema = { type: "string" };
    const rule = "self.split('@')[0] in ['windows2019','windows2022'] ? self.split('@')[1] == 'latest' : true";
    expect(evaluate(rule, "windows2022@latest", alias)).toEqual([]);
    expect(evaluate(rule, "windows2022@v1", alias)).toEqual(['spec: Invalid value: "object": refused']);
    expect(evaluate('!self.find("^([^/]+)").endsWith("karpenter.sh")', "karpenter.sh/x", alias)).toHaveLength(1);
  });

  test("a property named like a CEL keyword is read under its escaped name, as upstream escapes it", () => {
    // kubernetes/kubernetes v1.33.13 staging/src/k8s.io/apiserver/pkg/cel/escaping.go L83-99.
    expect(["namespace", "a.b", "a-b", "a/b", "a__b", "name", "1x", "a b"].map(escapeProperty)).toEqual([
      "__namespace__",
      "a__dot__b",
      "a__dash__b",
      "a__slash__b",
      "a__underscores__b",
      "name",
      undefined,
      undefined,
    ]);
    const ref: Schema = { type: "object", properties: { namespace: { type: "string" } } };
    expect(evaluate("self.__namespace__ == 'apps'", { namespace: "apps" }, ref)).toEqual([]);
    expect(evaluate("self.__namespace__ == 'apps'", { namespace: "web" }, ref)).toHaveLength(1);
  });

  test("integers are CEL ints, so a count compares with a declared integer", () => {
    const schema: Schema = {
      type: "object",
      properties: { values: { type: "array", items: { type: "string" } }, minValues: { type: "integer" } },
    };
    expect(evaluate("self.values.size() >= self.minValues", { values: ["a"], minValues: 2 }, schema)).toHaveLength(1);
    expect(evaluate("self.values.size() >= self.minValues", { values: ["a", "b"], minValues: 2 }, schema)).toEqual([]);
  });

  test("a transition rule (reading oldSelf) is skipped on create, and counted as skipped", () => {
    const count = counts();
    const rules = [{ rule: "self == oldSelf" }, { rule: "self != ''" }];
    expect(evaluateRules(rules, "x", "spec.selector", "string", count)).toEqual([]);
    expect(count).toEqual({ evaluated: 1, skippedTransition: 1 });
  });

  test("a rule that cannot be compiled offline is reported with the rule, never passed", () => {
    expect(compileRule("self.x?.y == 1")).toEqual({ error: expect.any(String) });
    expect(evaluate("self.isSorted()", [1], { type: "array", items: { type: "integer" } })).toEqual([
      "spec: rule cannot be evaluated offline (no implementation of isSorted): self.isSorted()",
    ]);
  });

  test("an evaluation error fails the rule with the error, as the API server reports it", () => {
    expect(evaluate("self.missing == 1", {}, { type: "object", properties: { missing: { type: "integer" } } })).toEqual(
      [expect.stringMatching(/^spec: Invalid value: "object": .*missing.* evaluating rule: refused$/)],
    );
  });

  test("messageExpression and fieldPath shape the refusal", () => {
    const schema: Schema = { type: "object", properties: { size: { type: "integer" } } };
    const rules = [
      { rule: "self.size < 3", messageExpression: "'size ' + string(self.size) + ' is too big'", fieldPath: ".size" },
    ];
    expect(evaluateRules(rules, celValue({ size: 5 }, schema), "spec", "object", counts())).toEqual([
      'spec.size: Invalid value: "object": size 5 is too big',
    ]);
    expect(
      evaluateRules([{ rule: "self.size < 3" }], celValue({ size: 5 }, schema), "spec", "object", counts()),
    ).toEqual(['spec: Invalid value: "object": failed rule: self.size < 3']);
  });
});
