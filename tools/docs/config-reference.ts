/**
 * docs/config-reference.md, generated from the stack config's zod schema (z.toJSONSchema of the
 * input side, per tier) and the JSDoc comments on its keys: one row per `slipway:` key with its type,
 * its default in each tier and its description, so the page cannot drift from what the schema accepts.
 */
import { z } from "zod";
import { stackSchema } from "../../config/stack";
import { TIERS, type Tier } from "../../config/tiers";
import { configDescriptions, type DescribeKey } from "./schema-docs";

type Schema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  not?: Schema;
};

interface Row {
  type: string;
  default: string;
  description: string;
}

const INT32_MAX = 2147483647;
const RECORD_KEYS: Record<string, string> = { apps: "<app>", secrets: "<app>" };

function scalarType(schema: Schema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return [...new Set(options.map(scalarType))].join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return "any";
  if (types.length === 1 && (types[0] === "integer" || types[0] === "number")) {
    const { minimum: min, maximum: max } = schema;
    if (min !== undefined && max !== undefined && max !== INT32_MAX) return `${types[0]} ${min}–${max}`;
    if (min !== undefined) return `${types[0]} ≥ ${min}`;
  }
  if (types[0] === "array") return `list of ${schema.items ? scalarType(schema.items) : "any"}`;
  if (types[0] === "object") return "map";
  return types.join(" | ");
}

const isObjectSchema = (schema: Schema) => schema.properties !== undefined || schema.type === "object";

/** Rows of one tier's schema, keyed by `slipway:` path, in schema order. */
function rowsOf(root: Schema, describe: DescribeKey): Map<string, Row> {
  const rows = new Map<string, Row>();
  const add = (key: string, row: Row) => {
    const known = rows.get(key);
    if (!known) {
      rows.set(key, row);
      return;
    }
    // The same key in two options of a union (slipway:cluster by mode): keep what each adds.
    if (!known.type.split(" | ").includes(row.type)) known.type = `${known.type} | ${row.type}`;
    if (!known.description) known.description = row.description;
    if (known.default === "—") known.default = row.default;
  };
  const walk = (schema: Schema, path: string, inherited: unknown, description: string) => {
    const fallback = schema.default ?? inherited;
    const options = schema.oneOf ?? schema.anyOf;
    if (options?.some(isObjectSchema)) {
      for (const option of options) walk(option, path, fallback, description);
      return;
    }
    const { properties } = schema;
    if (properties) {
      // An object's own comment says what the section is for: it gets a row before its keys.
      if (description && path !== "") add(path, { type: "object", default: "—", description });
      const keys = Object.keys(properties).filter((key) => properties[key].not === undefined);
      for (const key of keys) {
        const child = properties[key];
        const childDefault = (fallback as Record<string, unknown> | undefined)?.[key];
        walk(child, path === "" ? `slipway:${key}` : `${path}.${key}`, childDefault, describe(keys, key));
      }
      return;
    }
    const values = schema.additionalProperties;
    if (typeof values === "object" && Object.keys(values).length > 0) {
      const name = RECORD_KEYS[path.slice("slipway:".length)] ?? "<name>";
      walk(values, `${path}.${name}`, undefined, description);
      return;
    }
    if (schema.type === "array" && schema.items && isObjectSchema(schema.items)) {
      walk(schema.items, `${path}[]`, undefined, description);
      return;
    }
    add(path, {
      type: scalarType(schema),
      default: fallback === undefined ? "—" : JSON.stringify(fallback),
      description,
    });
  };
  walk(root, "", undefined, "");
  return rows;
}

const cell = (text: string) => text.replace(/\|/g, "\\|");
const code = (text: string) => (text === "—" ? text : `\`${text}\``);

function defaultsCell(defaults: Record<Tier, string | undefined>): string {
  const distinct = new Set(Object.values(defaults));
  if (distinct.size === 1) return code(defaults.dev ?? "—");
  return TIERS.map((tier) => `${tier}: ${code(defaults[tier] ?? "—")}`).join("<br>");
}

/** The page, as committed (prettier leaves it alone): `npm run docs` writes it, a test compares. */
export function configReference(configDir = "config"): string {
  const describe = configDescriptions(configDir);
  const byTier = Object.fromEntries(
    TIERS.map((tier) => [
      tier,
      rowsOf(z.toJSONSchema(stackSchema(tier, true), { io: "input", unrepresentable: "any" }) as Schema, describe),
    ]),
  ) as Record<Tier, Map<string, Row>>;
  // Each key with its row in the first tier that has it, in the order the tiers first list them.
  const firstRows = new Map<string, Row>();
  for (const tier of TIERS) for (const [key, row] of byTier[tier]) if (!firstRows.has(key)) firstRows.set(key, row);
  const lines = [...firstRows].map(([key, row]) => {
    const defaults = Object.fromEntries(TIERS.map((tier) => [tier, byTier[tier].get(key)?.default])) as Record<
      Tier,
      string | undefined
    >;
    return `| \`${key}\` | ${cell(row.type)} | ${cell(defaultsCell(defaults))} | ${cell(row.description)} |`;
  });
  return [
    "# Stack config reference",
    "",
    "<!-- Generated by `npm run docs` from the zod schema in config/ and the comments on its keys; do not edit. -->",
    "",
    "Every key a stack file's `slipway:` namespace accepts, with its type, its default in each tier",
    "(`slipway:environment`: where the tiers differ, each is shown) and its description. `<app>` and",
    "`<name>` stand for a name you choose; `[]` is each item of a list. Defaults are those of a stack that",
    "builds its EKS cluster; on an existing cluster (`slipway:cluster.mode: existing`) the services that",
    "need AWS are off. Some defaults are filled in after parsing (a process's settings come from its app;",
    "a resource's unset requests from the tier); those show as —. How the keys fit together, and the rules",
    "across keys, are in [Stack config](stack-config.md).",
    "",
    "| key | type | default | description |",
    "| --- | ---- | ------- | ----------- |",
    ...lines,
    "",
  ].join("\n");
}
