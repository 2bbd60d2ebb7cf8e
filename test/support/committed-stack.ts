/**
 * What every committed stack file must do, whichever layer it is: render cleanly (valid config, every
 * Kubernetes object valid against its schema, no mandatory policy violation at the stack's own
 * enforcement levels), measure only backends the router reports, and build from contexts that exist.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundleOf } from "../../tools/harness/crd/bundles";
import { crdVersionOf } from "../../tools/harness/crd/schemas";
import { mandatory } from "../../tools/harness/policy-eval";
import type { RenderResult } from "../../tools/harness/render-stack";
import { readStackFile } from "../../tools/harness/stack-file";
import { refusedObjects } from "../../tools/harness/admission/stack-admission";
import { TENANT_LABEL } from "../../config/labels";
import { EXEMPTIONS } from "../../policy/policies/lib/exemptions";
import { installedTenantPolicies } from "../../components/platform/admission/policies";
import { unmatchedAnalysisBackends } from "./analysis-backends";
import { installContractProblems } from "./chart-contracts";
import { hasHelm, helmInstalls } from "./platform";

/** The stack file's `slipway:layer` (`single` when absent). */
export function stackLayer(stack: string): string {
  return readStackFile(`Pulumi.${stack}.yaml`, stack).config["slipway:layer"] ?? "single";
}

/**
 * `cluster` is the render that installs the cluster's admission policies and tenant namespaces: the
 * stack's own, or its platform stack's for an apps stack.
 */
export function describeCommittedStack(stack: string, render: () => RenderResult, cluster = render): void {
  describe(`Pulumi.${stack}.yaml`, () => {
    test("renders with no schema problem and no mandatory policy violation", () => {
      const result = render();
      expect(result.objects.length).toBeGreaterThan(10);
      expect(result.schemaProblems).toEqual([]);
      expect(mandatory(result.verdicts)).toEqual([]);
    });

    test("every custom resource it emits is of a kind a pinned CRD defines, so its schema and rules were checked", () => {
      const custom = render().objects.filter(({ object }) => bundleOf(object.apiVersion.split("/")[0]));
      expect(custom.length).toBeGreaterThan(0);
      for (const { object } of custom)
        expect([object.apiVersion, object.kind, crdVersionOf(object.apiVersion, object.kind)?.served]).toEqual([
          object.apiVersion,
          object.kind,
          true,
        ]);
    });

    test("every namespace it creates carries Pod Security Admission labels: restricted unless the exemption table names it, versions pinned", () => {
      const stackFile = readStackFile(`Pulumi.${stack}.yaml`, stack).config;
      const minor = JSON.parse(stackFile["slipway:cluster"] ?? "{}").version as string | undefined;
      const namespaces = render().objects.filter(({ object }) => object.kind === "Namespace");
      for (const { object } of namespaces) {
        const name = object.metadata.name!;
        const level = EXEMPTIONS.find((e) => e.kind === "Namespace" && e.name === name)?.policy.replace(
          "pod-security-",
          "",
        );
        const labels = (object.metadata as any).labels ?? {};
        const version = minor ? `v${minor}` : "latest";
        expect([name, labels]).toEqual([
          name,
          expect.objectContaining({
            "pod-security.kubernetes.io/enforce": TENANT_LABEL in labels ? "restricted" : (level ?? "restricted"),
            "pod-security.kubernetes.io/enforce-version": version,
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/audit-version": version,
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/warn-version": version,
          }),
        ]);
      }
    });

    test("the cluster's admission policies admit every object it creates, in tenant namespaces and out", () => {
      const installed = cluster().objects;
      const tenants = new Set(
        installed
          .filter(
            ({ object }) => object.kind === "Namespace" && TENANT_LABEL in ((object.metadata as any).labels ?? {}),
          )
          .map(({ object }) => object.metadata.name),
      );
      expect(installed.filter(({ object }) => object.kind === "ValidatingAdmissionPolicyBinding").length).toBe(
        installedTenantPolicies(hasHelm(cluster(), "external-secrets")).length,
      );
      expect(render().objects.filter(({ object }) => tenants.has(object.metadata.namespace)).length).toBeGreaterThan(0);
      expect(refusedObjects(render().objects, installed)).toEqual([]);
    });

    test("every analysis measures a backend the router reports: a routed Service port the render creates", () => {
      expect(unmatchedAnalysisBackends(render())).toEqual([]);
    });

    test("every Helm install's values keep its chart's contract: keys the chart defines, valid against its schema", () => {
      expect(helmInstalls(render()).flatMap((install) => installContractProblems(install))).toEqual([]);
    });

    test("every build context exists with its Dockerfile", () => {
      const apps: Record<string, { build?: { context: string; dockerfile?: string } }> = JSON.parse(
        readStackFile(`Pulumi.${stack}.yaml`, stack).config["slipway:apps"] ?? "{}",
      );
      for (const app of Object.values(apps)) {
        if (!app.build) continue;
        expect(existsSync(app.build.dockerfile ?? join(app.build.context, "Dockerfile"))).toBe(true);
      }
    });
  });
}
