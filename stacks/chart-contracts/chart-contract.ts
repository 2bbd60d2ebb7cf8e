/**
 * A pinned chart's contract: its values.yaml, its subcharts', and its values.schema.json where the
 * chart publishes one, read from ../shared/upstream/charts/<chart>-<version>/ beside the clone (the
 * folder is named by the pin, so a version bump without its contract fails). Schemas are checked as
 * Helm checks them: helm/helm v3.20.2 pkg/chartutil/jsonschema.go `ValidateAgainstSchema` validates
 * the coalesced values against the chart's schema and each subchart's values against the subchart's,
 * with santhosh-tekuri/jsonschema v6 (v6.0.2 in its go.mod), which asserts `format` for draft-07 and
 * not for 2019-09 and later, and takes a schema with no `$schema` as 2020-12 (compiler.go
 * `AssertFormat`, roots.go `draftLatest`, v6.0.1).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import type { ChartValues } from "../../config/chart-values";
import type { ChartPin } from "../../components/platform/charts";
import { chartDefaults, type HelmChart } from "./helm-coalesce";

export interface ContractChart extends HelmChart {
  /** Its values.schema.json, compiled; absent where the chart publishes none. */
  validate?: ValidateFunction;
  dependencies: ContractChart[];
  /** Subchart name → the values path its Chart.yaml `condition` reads. */
  conditions: Record<string, string>;
  /** Subcharts its Chart.yaml lists whose files are not in the contract folder. */
  absent: string[];
}

export interface ChartContract {
  /** `<chart> <version>`, as messages name it. */
  title: string;
  chart: ContractChart;
  /** Every value the chart and its subcharts define (nulls kept): what a key is checked against. */
  defaults: ChartValues;
  /** Whether the chart or a subchart publishes a values.schema.json. */
  hasSchema: boolean;
}

/** Where the contracts are, relative to the repository root (Pulumi and the tools run there). */
export const CONTRACTS_DIR = join("..", "shared", "upstream", "charts");

/** The contract folder a pin names: the chart's last path segment (an OCI reference's too) and its version. */
export function contractFolder(pin: Pick<ChartPin, "chart" | "version">): string {
  return `${pin.chart.split("/").at(-1)}-${pin.version}`;
}

function compileSchema(file: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(file, "utf8")) as { $schema?: string };
  const draft = schema.$schema ?? "https://json-schema.org/draft/2020-12/schema";
  // strict: false — chart schemas carry keywords of their own tooling (e.g. `markdownDescription`).
  if (/json-schema\.org\/draft-07\/schema/.test(draft))
    return addFormats(new Ajv({ strict: false, allErrors: true })).compile(schema);
  if (/json-schema\.org\/draft\/2020-12\/schema/.test(draft))
    return new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  throw new Error(`${file}: $schema ${draft} is neither draft-07 nor 2020-12; teach chart-contract.ts to read it`);
}

function readChart(dir: string): ContractChart {
  const values = (parse(readFileSync(join(dir, "values.yaml"), "utf8")) ?? {}) as ChartValues;
  const meta = parse(readFileSync(join(dir, "Chart.yaml"), "utf8")) as {
    name: string;
    dependencies?: Array<{ name: string; condition?: string }>;
  };
  const subcharts = join(dir, "charts");
  const folders = existsSync(subcharts) ? readdirSync(subcharts) : [];
  const listed = meta.dependencies ?? [];
  const folderOf = (name: string) =>
    folders.find((f) => f.startsWith(`${name}-`) && /^\d/.test(f.slice(name.length + 1)));
  // Optional subcharts whose files were not placed (external-secrets' bitwarden-sdk-server, off by default).
  const dependencies = listed.flatMap(({ name }) => {
    const folder = folderOf(name);
    return folder ? [readChart(join(subcharts, folder))] : [];
  });
  const schemaFile = join(dir, "values.schema.json");
  return {
    name: meta.name,
    values,
    dependencies,
    conditions: Object.fromEntries(listed.flatMap(({ name, condition }) => (condition ? [[name, condition]] : []))),
    absent: listed.filter(({ name }) => !folderOf(name)).map(({ name }) => name),
    ...(existsSync(schemaFile) ? { validate: compileSchema(schemaFile) } : {}),
  };
}

const anySchema = (chart: ContractChart): boolean => !!chart.validate || chart.dependencies.some(anySchema);

const loaded = new Map<string, ChartContract>();

/** The pin's contract, read once per process; throws naming the folder when it is not there. */
export function chartContract(pin: Pick<ChartPin, "chart" | "version">): ChartContract {
  const folder = contractFolder(pin);
  const known = loaded.get(folder);
  if (known) return known;
  const dir = resolve(CONTRACTS_DIR, folder);
  if (!existsSync(join(dir, "values.yaml")))
    throw new Error(
      `chart ${pin.chart} ${pin.version} has no contract: ${join(CONTRACTS_DIR, folder)}/ (Chart.yaml, values.yaml and values.schema.json where the chart publishes one) must hold its files at that version`,
    );
  const chart = readChart(dir);
  const contract = {
    title: `${pin.chart.split("/").at(-1)} ${pin.version}`,
    chart,
    defaults: chartDefaults(chart),
    hasSchema: anySchema(chart),
  };
  loaded.set(folder, contract);
  return contract;
}
