/**
 * `__proto__` as a key anywhere in the stack config. zod's records and objects skip it without a word
 * (writing it would replace the result's prototype), so a user's `__proto__` env var or app would
 * vanish silently; it is reported here instead, from the raw values.
 */
import { configKey, type ConfigProblem } from "./errors";

export function protoKeys(raw: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const visit = (value: unknown, path: PropertyKey[]): void => {
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (value !== null && typeof value === "object") {
      for (const key of Object.keys(value)) {
        if (key === "__proto__")
          problems.push({ key: configKey([...path, key]), message: "expected a name other than __proto__" });
        else visit((value as Record<string, unknown>)[key], [...path, key]);
      }
    }
  };
  // The top level is the stack's own keys: a `slipway:__proto__` is already an unknown key there.
  for (const key of Object.keys(raw)) if (key !== "__proto__") visit(raw[key], [key]);
  return problems;
}
