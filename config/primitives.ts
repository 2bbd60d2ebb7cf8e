/**
 * Reusable zod types for values Kubernetes and container registries are strict about. Each error
 * message says what was expected; the formatter in errors.ts adds the config path and what was given.
 */
import { z } from "zod";
import { parseQuantity } from "./quantity";

/** The largest value of Kubernetes' int32 fields (replicas, ports, seconds, thresholds). */
const INT32_MAX = 2 ** 31 - 1;

/** Every integer the config holds ends up in an int32 field or below one, so none may exceed it. */
export function integer(min: number, max?: number) {
  const expected = max === undefined ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  const error = `expected ${expected}`;
  const base = z.number({ error }).int({ error }).min(min, { error });
  return max === undefined
    ? base.max(INT32_MAX, { error: `expected an integer ≤ ${INT32_MAX} (the Kubernetes int32 limit)` })
    : base.max(max, { error });
}

export const bool = z.boolean({ error: "expected true or false" });

/** DNS-1035 label (a Service name must start with a letter), shortened so that suffixes fit in 63. */
export function dnsLabel(what: string, maxLength: number) {
  const error = `expected ${what}: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most ${maxLength} characters`;
  return z
    .string({ error })
    .max(maxLength, { error })
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, { error });
}

/** Names that are portable as environment variables (POSIX), which is what envFrom requires. */
export const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  error: "expected an environment variable name: letters, digits and '_', not starting with a digit",
});

/** Names that look like credentials; the policy pack keeps its own copy (test/rule-parity.test.ts). */
export const CREDENTIAL_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN)|_KEY$/i;
export function looksLikeCredential(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** A DNS-1123 subdomain with at least two labels; `*.` is allowed as the first label (Gateway API). */
export const domainName = z
  .string({ error: "expected a domain name such as www.example.com" })
  .max(253, { error: "expected a domain name of at most 253 characters" })
  .regex(/^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    error: "expected a lowercase domain name such as www.example.com (labels of letters, digits and '-')",
  });

/**
 * An HTTP path (and query) as a probe or a shell script requests it: RFC 3986 path and query characters
 * without the ones a shell or a quoted string would read (`'`, `"`, `` ` ``, `$`, `\`), spaces or
 * control characters. The smoke check writes it into a `sh -c` script.
 */
export const httpPath = z
  .string({ error: "expected an HTTP path starting with /" })
  .regex(/^\/[A-Za-z0-9\-._~%!&()*+,;=:@/?]*$/, {
    error: "expected an HTTP path starting with / (letters, digits and -._~%!&()*+,;=:@/? only; no spaces or quotes)",
  });

/** A host another program's config names (Fluent Bit's `Host`): a DNS name or an IPv4 address, nothing else. */
export const hostName = z
  .string({ error: "expected a host name such as logs.example.com or an IPv4 address" })
  .max(253, { error: "expected a host name of at most 253 characters" })
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/, {
    error: "expected a host name such as logs.example.com or an IPv4 address (letters, digits, '-' and '.')",
  });

function quantity(kind: "cpu" | "memory") {
  const example = kind === "cpu" ? "250m or 1" : "256Mi or 1Gi";
  const error = `expected a Kubernetes ${kind} quantity such as ${example}`;
  return z
    .union([z.string(), z.number()], { error })
    .transform((value) => String(value))
    .refine((value) => (parseQuantity(value) ?? 0) > 0, { error });
}
export const cpuQuantity = quantity("cpu");
export const memoryQuantity = quantity("memory");

/** Env values become ConfigMap data, which holds strings: numbers and booleans are written as text. */
export const envValue = z
  .union([z.string(), z.number(), z.boolean()], { error: "expected a string, number or boolean" })
  .transform((value) => String(value));

/**
 * The longest single argument exec takes: torvalds/linux include/uapi/linux/binfmts.h MAX_ARG_STRLEN
 * (PAGE_SIZE * 32, with the 4 KiB pages of EKS's x86_64 and arm64 nodes); a longer one fails with E2BIG.
 */
const MAX_ARG_BYTES = 32 * 4096;
const ARGUMENT_ERROR = `expected at most ${MAX_ARG_BYTES} bytes (exec refuses a longer argument: Linux's MAX_ARG_STRLEN)`;

/** A command as the container runtime execs it: a list of words (no shell), the program first. */
export const commandLine = z
  .array(
    z
      .string({ error: "expected a string" })
      .refine((word) => Buffer.byteLength(word) <= MAX_ARG_BYTES, { error: ARGUMENT_ERROR }),
    { error: 'expected a list of strings, e.g. ["bin/worker", "--queue", "default"]' },
  )
  .min(1, { error: "expected at least one word" })
  .superRefine((words, ctx) => {
    if (words[0] === "")
      ctx.addIssue({ code: "custom", path: [0], message: "expected the program to run, got an empty string" });
  });
