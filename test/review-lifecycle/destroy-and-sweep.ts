/**
 * `npm run review -- destroy` and `sweep` against the fake backend: a missing or never-updated stack,
 * the TTL boundary to the second, running updates and non-review stacks left alone, and one failure
 * not stopping the rest. Registered by test/review-lifecycle.test.ts.
 */
import { runReviewDestroy, runReviewSweep } from "../../tools/review/destroy-run";
import { recorded, updatedReviewStack as stack } from "../support/fake-review-backend";
import { reviewUpSetup as setup } from "../support/review-up-setup";

export function destroyAndSweepTests(source: string, now: Date): void {
  test("destroy: pulumi destroy, then the stack is removed; a stack already gone is a success", async () => {
    const { backend, out } = setup({ "shop-staging-pr-42": stack(source, 42, 1) });
    await expect(runReviewDestroy({ source, pr: 42 }, { workspace: backend, out })).resolves.toBe(0);
    expect(backend.calls).toEqual([
      "select shop-staging-pr-42",
      "refresh shop-staging-pr-42",
      "destroy shop-staging-pr-42",
      "rm shop-staging-pr-42",
    ]);
    await expect(runReviewDestroy({ source, pr: 42 }, { workspace: backend, out })).resolves.toBe(0);
    expect(backend.calls.slice(4)).toEqual(["select shop-staging-pr-42"]);
    expect(out.lines.at(-1)).toBe("shop-staging-pr-42: no such stack; nothing to destroy.");
  });

  test("destroy of a stack never updated goes on without a config to restore", async () => {
    const { backend, out } = setup({ "shop-staging-pr-42": {} });
    await expect(runReviewDestroy({ source, pr: 42 }, { workspace: backend, out })).resolves.toBe(0);
    expect(backend.calls.slice(-2)).toEqual(["destroy shop-staging-pr-42", "rm shop-staging-pr-42"]);
    expect(out.lines[0]).toMatch(/^shop-staging-pr-42: no config to restore from its last update/);
  });

  test("sweep: exactly 72 h is kept, a second more is removed; running updates and non-review stacks are left alone", async () => {
    const { backend, out } = setup({
      "shop-staging-pr-1": stack(source, 1, 1, "2026-12-04T09:00:00.000Z"),
      "shop-staging-pr-2": stack(source, 2, 2, "2026-12-04T08:59:59.000Z"),
      "shop-staging-pr-3": { ...stack(source, 3, 1, "2026-11-01T00:00:00Z"), updateInProgress: true },
      "shop-staging-pr-4": { lastUpdate: "2026-11-01T00:00:00Z" },
      "shop-staging": { lastUpdate: "2026-11-01T00:00:00Z", config: recorded(source, 5, 1) },
    });
    const outcome = await runReviewSweep({ now }, { workspace: backend, out });
    expect(outcome).toEqual({
      removed: ["shop-staging-pr-2"],
      failed: [],
      kept: ["shop-staging-pr-1", "shop-staging-pr-3"],
    });
    expect(backend.calls.filter((call) => !call.startsWith("select") && call !== "listStacks")).toEqual([
      "refresh shop-staging-pr-2",
      "destroy shop-staging-pr-2",
      "rm shop-staging-pr-2",
    ]);
  });

  test("sweep: one stack failing to go does not stop the others, and the outcome names it", async () => {
    const old = "2026-11-01T00:00:00Z";
    const { backend, out } = setup({
      "shop-staging-pr-1": stack(source, 1, 1, old),
      "shop-staging-pr-2": stack(source, 2, 2, old),
      "shop-staging-pr-3": stack(source, 3, 1, old),
    });
    backend.destroyFails.add("shop-staging-pr-2");
    const outcome = await runReviewSweep({ now }, { workspace: backend, out });
    expect(outcome).toEqual({
      removed: ["shop-staging-pr-1", "shop-staging-pr-3"],
      failed: ["shop-staging-pr-2"],
      kept: [],
    });
    expect(backend.stacks.has("shop-staging-pr-2")).toBe(true);
    expect(out.lines.at(-1)).toBe("Sweep: 2 removed, 0 within their TTL, 1 failed (shop-staging-pr-2).");
  });
}
