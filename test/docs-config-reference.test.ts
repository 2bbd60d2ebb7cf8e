/**
 * docs/config-reference.md is what `npm run docs` generates from the config schema: a key added,
 * removed, retyped or given a new default without regenerating the page fails here.
 */
import { readFileSync } from "node:fs";
import { knownKeysAt } from "../config/schema-walk";
import { stackSchema } from "../config/stack";
import { configReference } from "../tools/docs/config-reference";

const PAGE = "docs/config-reference.md";
const generated = configReference();

const row = (key: string) =>
  generated
    .split("\n")
    .find((line) => line.startsWith(`| \`${key}\` `))
    ?.replace(/ \|$/, "")
    .split(/\s+\|\s+/)
    .slice(1, 4);

test("the committed page is the generated one (run npm run docs)", () => {
  expect(readFileSync(PAGE, "utf8")).toBe(generated);
});

test("each row gives the key's type, its default per tier, and its description from the schema's comments", () => {
  expect(row("slipway:apps.<app>.port")).toEqual([
    "integer 1–65535",
    "`8080`",
    "The port the `web` process listens on.",
  ]);
  expect(row("slipway:apps.<app>.revisionHistoryLimit")?.[1]).toBe("dev: `3`<br>staging: `5`<br>prod: `10`");
  expect(row("slipway:apps.<app>.healthcheck.type")?.slice(0, 2)).toEqual(['"http" \\| "tcp" \\| "exec"', '`"tcp"`']);
  // Keys of both options of slipway:cluster (by mode) are listed.
  expect(row("slipway:cluster.mode")?.[0]).toBe('"existing" \\| "eks"');
  expect(row("slipway:cluster.context")?.[0]).toBe("string");
  expect(row("slipway:cluster.nodeGroups.<name>.releaseVersion")).toBeDefined();
});

test("every top-level key the schema accepts has rows", () => {
  const keys = knownKeysAt(stackSchema("dev", true), []);
  expect(keys.length).toBeGreaterThanOrEqual(10);
  for (const key of keys) expect([key, generated.includes(`| \`slipway:${key}`)]).toEqual([key, true]);
});
