/**
 * What a config-only release changed, by env name: its ConfigMap is a new object (content-addressed),
 * so the diff alone shows only a create and a new name in the workload. The summary compares the
 * ConfigMap each workload referred to before with the one it refers to now. Names only: a value may
 * be long, and a Secret's values are never in the records at all (only whether its key set changed).
 */
import type { ResourceRecord } from "./render-files";
import type { Step } from "./preview-diff";

type Plain = Record<string, unknown>;
const isObject = (value: unknown): value is Plain =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const REF = /\.(configMapRef|secretRef)\.name$|\.(configMap|secret)\.(name|secretName)$/;

function dataOf(records: ResourceRecord[], type: string, name: unknown): Plain | undefined {
  const found = records.find(
    (r) => r.type === type && isObject(r.inputs) && isObject(r.inputs.metadata) && r.inputs.metadata.name === name,
  );
  if (!found || !isObject(found.inputs)) return undefined;
  const data = { ...(isObject(found.inputs.data) ? found.inputs.data : {}) };
  return isObject(found.inputs.stringData) ? { ...data, ...found.inputs.stringData } : data;
}

function keyChanges(before: Plain, after: Plain, compareValues: boolean): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.flatMap((name) => {
    if (!Object.hasOwn(before, name)) return [`${name} added`];
    if (!Object.hasOwn(after, name)) return [`${name} removed`];
    return compareValues && JSON.stringify(before[name]) !== JSON.stringify(after[name]) ? [`${name} changed`] : [];
  });
}

/** One line per workload whose ConfigMap or Secret reference moved: `web-web: env LOG_LEVEL changed`. */
export function releaseSummary(steps: Step[], previous: ResourceRecord[], current: ResourceRecord[]): string[] {
  const lines = new Set<string>();
  for (const step of steps) {
    const workload = step.urn.split("::").pop();
    for (const change of step.op === "update" ? step.changes : []) {
      const match = REF.exec(change.path);
      if (!match) continue;
      const secret = (match[1] ?? match[2]).startsWith("secret");
      const type = secret ? "kubernetes:core/v1:Secret" : "kubernetes:core/v1:ConfigMap";
      const before = dataOf(previous, type, change.old);
      const after = dataOf(current, type, change.new);
      if (!before || !after) continue;
      const changes = keyChanges(before, after, !secret);
      const what = secret ? "secrets" : "env";
      if (changes.length > 0) lines.add(`${workload}: ${what} ${changes.join(", ")}`);
      else if (secret) lines.add(`${workload}: secrets changed (values not shown)`);
    }
  }
  return [...lines];
}
