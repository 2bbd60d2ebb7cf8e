/**
 * Pod Security Admission labels for every namespace Slipway creates (kubernetes/website
 * content/en/docs/concepts/security/pod-security-admission.md: `pod-security.kubernetes.io/<mode>` and
 * `<mode>-version` for enforce, audit and warn). Tenant namespaces enforce `restricted`; a platform
 * namespace enforces the level the exemption table names for it (policy/policies/lib/exemptions.ts,
 * which the pack reads too), `restricted` when it names none. Audit and warn stay `restricted`
 * everywhere, so what an exception lets through is still recorded.
 */
import { podSecurityLevel, type PodSecurityLevel } from "../../policy/policies/lib/exemptions";

const PREFIX = "pod-security.kubernetes.io";

export function podSecurityLabels(enforce: PodSecurityLevel, version: string): Record<string, string> {
  return {
    [`${PREFIX}/enforce`]: enforce,
    [`${PREFIX}/enforce-version`]: version,
    [`${PREFIX}/audit`]: "restricted",
    [`${PREFIX}/audit-version`]: version,
    [`${PREFIX}/warn`]: "restricted",
    [`${PREFIX}/warn-version`]: version,
  };
}

/** A platform namespace's labels: its enforce level from the exemption table. */
export function platformPodSecurityLabels(namespace: string, version: string): Record<string, string> {
  return podSecurityLabels(podSecurityLevel(namespace), version);
}
