/** Finds which keys a zod object schema accepts at a path, to suggest the intended one for a typo. */
import type { z } from "zod";

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Unwraps default/optional/pipe layers down to the schema that describes the value's shape. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const d = def(current);
    const next = d.innerType ?? (d.type === "pipe" ? d.in : undefined);
    if (!next) return current;
    current = next;
  }
}

/** An object's keys; for a union (e.g. `slipway:cluster` by mode), the keys of all its options. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  const d = def(schema);
  if (d.options)
    return Object.assign({}, ...d.options.map((option) => shapeOf(unwrap(option)))) as Record<string, z.ZodType>;
  return d.shape ?? {};
}

export function knownKeysAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let schema: z.ZodType | undefined = unwrap(root);
  for (const part of path) {
    const d = def(schema);
    // Own keys only: a record entry named `constructor` must lead to the record's value schema.
    const shape = shapeOf(schema);
    schema = (Object.hasOwn(shape, String(part)) ? shape[String(part)] : undefined) ?? d.valueType ?? d.element;
    if (!schema) return [];
    schema = unwrap(schema);
  }
  return Object.keys(shapeOf(schema));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known key within a third of the typo's length in edits (or `fewest` edits, if more), if any. */
export function closestKnownKey(typo: string, known: string[], fewest = 1): string | undefined {
  const scored = known
    .map((key) => ({ key, distance: editDistance(typo.toLowerCase(), key.toLowerCase()) }))
    .filter(({ distance }) => distance <= Math.max(fewest, Math.floor(typo.length / 3)))
    .sort((a, b) => a.distance - b.distance);
  return scored[0]?.key;
}
