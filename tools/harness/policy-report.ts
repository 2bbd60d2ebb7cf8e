/** How the render reports policy verdicts: policy.json and the console lines. */
import { PACK_NAME } from "../../policy/policies";
import { policyConfigFile } from "./policy-config";
import type { Verdict } from "./policy-eval";
import type { Unseen } from "./unseen";

/** `notEvaluated` lists what the verdicts could not cover: opaque installs and objects made at run time. */
export function policyReport(
  stack: string,
  environment: string,
  verdicts: Verdict[],
  notEvaluated: Unseen,
  config = policyConfigFile(environment),
): string {
  const count = (level: Verdict["enforcement"]) => verdicts.filter((v) => v.enforcement === level).length;
  const report = {
    stack,
    environment,
    pack: PACK_NAME,
    config,
    mandatory: count("mandatory"),
    advisory: count("advisory"),
    verdicts,
    notEvaluated,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function describeVerdicts(verdicts: Verdict[]): string {
  if (verdicts.length === 0) return "Policies: no violations.";
  const short = (urn?: string) => (urn ? urn.split("::").slice(2).join("::") : "stack");
  const lines = verdicts.map((v) => `  ${v.enforcement.padEnd(9)} ${v.policy}  ${short(v.urn)}\n      ${v.message}`);
  const mandatory = verdicts.filter((v) => v.enforcement === "mandatory").length;
  return `Policies: ${mandatory} mandatory, ${verdicts.length - mandatory} advisory violation(s)\n${lines.join("\n")}`;
}
