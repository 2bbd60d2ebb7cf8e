import { chooseTarget, parseVersion, RollbackRefusal } from "../tools/release-history/target";
import { loadHistory, version } from "./support/history";

const prod = loadHistory("history-prod.json");

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RollbackRefusal);
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("rollback target", () => {
  test("default: the last successful update before the current one, skipping refreshes and failures", () => {
    // v15 is a refresh (no new desired state), so v14 is current; v13 failed, so v12 is the target.
    const { current, target } = chooseTarget("prod", prod);
    expect(current.version).toBe(14);
    expect(target.version).toBe(12);
  });

  test("an explicit earlier successful update", () => {
    expect(chooseTarget("prod", prod, 10).target).toBe(version(prod, 10));
  });

  test("refuses a failed update", () => {
    expect(refusal(() => chooseTarget("prod", prod, 13))).toBe(
      "v13 failed: its desired state was never fully applied, so it is no rollback target; see `npm run releases -- --stack prod`",
    );
  });

  test("refuses a version the stack never had", () => {
    expect(refusal(() => chooseTarget("prod", prod, 99))).toBe(
      "v99 is not in the history of stack prod (it holds v9–v15); see `npm run releases -- --stack prod`",
    );
  });

  test("refuses the current release and non-update kinds", () => {
    expect(refusal(() => chooseTarget("prod", prod, 14))).toMatch(/^v14 is the current release of stack prod/);
    expect(refusal(() => chooseTarget("prod", prod, 15))).toMatch(/^v15 is a refresh, not an update/);
  });

  test("refuses while an update is in progress", () => {
    const staging = loadHistory("history-staging-running.json");
    expect(refusal(() => chooseTarget("staging", staging))).toBe(
      "v4 (update, started 2025-03-12 11:00Z) is still in progress on stack staging: wait for it to finish, or cancel it with `pulumi cancel --stack staging`, then retry",
    );
  });

  test("refuses when there is nothing to go back to", () => {
    expect(refusal(() => chooseTarget("new", []))).toBe("stack new has no updates: nothing to roll back");
    const onlyOne = prod.filter((u) => u.version === 9);
    expect(refusal(() => chooseTarget("prod", onlyOne))).toBe(
      "stack prod has no successful update before v9 to roll back to",
    );
  });

  test("versions are written v12 or 12", () => {
    expect(parseVersion("v12")).toBe(12);
    expect(parseVersion("12")).toBe(12);
    expect(() => parseVersion("twelve")).toThrow("--to twelve: expected a version such as v12 or 12");
    expect(() => parseVersion("v0")).toThrow(RollbackRefusal);
  });
});
