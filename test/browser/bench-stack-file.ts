/**
 * The benchmark's 500-app stack (tools/bench/generate.ts) as a stack file `npm run render --config`
 * reads: each config key as YAML, and every value of a secret key as a `secure:` ciphertext stand-in
 * (the render replaces those with placeholders, as it does for the committed stacks).
 */
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { benchmarkStack } from "../../tools/bench/generate";

const asSecure = (value: unknown): unknown => {
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, asSecure(inner)]));
  }
  return { secure: `v1:${Buffer.from(String(value)).toString("base64")}` };
};

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Writes the stack file and returns the stack's name. */
export function writeBenchStackFile(apps: number, file: string): string {
  const input = benchmarkStack(apps);
  const config = Object.fromEntries(
    Object.entries(input.config).map(([key, text]) => {
      const value = typeof text === "string" && /^[[{]/.test(text) ? parsed(text) : text;
      return [key, input.secretKeys.includes(key) ? asSecure(value) : value];
    }),
  );
  writeFileSync(file, stringify({ config }));
  return input.stack;
}
