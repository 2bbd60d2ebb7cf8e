/**
 * Every committed stack file renders cleanly: valid config, every Kubernetes object valid against its
 * schema, and no mandatory policy violation at the stack's own enforcement levels. New stack files are
 * picked up by name.
 */
import { stackNames } from "../tools/ci/stacks";
import { mandatory } from "../tools/harness/policy-eval";
import { renderStackFile } from "./support/stack";

const stacks = stackNames();

test("the committed stacks include dev and prod", () => {
  expect(stacks).toEqual(expect.arrayContaining(["dev", "prod"]));
});

describe.each(stacks)("Pulumi.%s.yaml", (stack) => {
  test("renders with no schema problem and no mandatory policy violation", async () => {
    const result = await renderStackFile(stack);
    expect(result.schemaProblems).toEqual([]);
    expect(mandatory(result.verdicts)).toEqual([]);
    expect(result.resources.length).toBeGreaterThan(0);
  });
});
