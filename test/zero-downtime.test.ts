/** Every workload in prod rolls without dropping requests, and `pulumi up` knows when it failed. */
import { at, ofType, renderStackFile, T } from "./support/stack";

describe("zero-downtime settings on every prod workload", () => {
  test("rolling updates never remove a pod before its replacement is ready", async () => {
    const result = await renderStackFile("prod");
    const deployments = ofType(result, T.deployment);
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) {
      const spec = at(d.inputs, "spec");
      expect(spec.strategy).toMatchObject({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0 } });
      expect(spec.revisionHistoryLimit).toBeGreaterThan(0);
      const pod = spec.template.spec;
      const [container] = pod.containers;
      // A preStop pause keeps the pod serving while endpoints update; the grace period covers it.
      const preStop = container.lifecycle.preStop.sleep.seconds;
      expect(preStop).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop);
      if (container.ports) expect(container.readinessProbe).toBeDefined();
    }
  });

  test("Kubernetes declares a stuck rollout failed before Pulumi stops waiting", async () => {
    const result = await renderStackFile("prod");
    for (const d of ofType(result, T.deployment)) {
      const deadline = at(d.inputs, "spec.progressDeadlineSeconds");
      const timeout = d.options.customTimeouts?.update;
      expect(timeout).toMatch(/^\d+s$/);
      expect(deadline).toBeLessThan(parseInt(timeout!, 10));
    }
  });

  test("prod runs at least two pods per workload, with a disruption budget", async () => {
    const result = await renderStackFile("prod");
    const budgets = new Set(ofType(result, T.pdb).map((p) => at(p.inputs, "metadata.name")));
    const hpas = new Map(ofType(result, T.hpa).map((h) => [at(h.inputs, "spec.scaleTargetRef.name"), at(h.inputs, "spec.minReplicas")]));
    for (const d of ofType(result, T.deployment)) {
      const name = at(d.inputs, "metadata.name");
      expect(at(d.inputs, "spec.replicas") ?? hpas.get(name)).toBeGreaterThanOrEqual(2);
      expect(budgets.has(name)).toBe(true);
    }
  });
});
