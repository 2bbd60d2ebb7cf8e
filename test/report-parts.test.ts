/** How the release report groups 500 apps, and how it cuts the DORA window into weeks. */
import type { Deployment } from "../tools/dora/deployments";
import { appGroups } from "../tools/report/app-groups";
import { weeklyKeys } from "../tools/report/weekly";

describe("app groups", () => {
  test("500 apps of one prefix are 10 pages of 50 consecutive names", () => {
    const apps = Array.from({ length: 500 }, (_, i) => `app-${String(i).padStart(4, "0")}`);
    const groups = appGroups(apps.reverse());
    expect(groups).toHaveLength(10);
    expect(groups.every((group) => group.apps.length === 50)).toBe(true);
    expect(groups[0].title).toBe("app-*: app-0000 … app-0049 (50)");
    expect(groups[9].apps[49]).toBe("app-0499");
  });

  test("apps are grouped by team prefix; apps alone in theirs share one group", () => {
    const groups = appGroups(["shop-web", "shop-api", "billing-worker", "search"]);
    expect(groups).toEqual([
      { title: "shop-* (2)", apps: ["shop-api", "shop-web"] },
      { title: "other apps (2)", apps: ["billing-worker", "search"] },
    ]);
    expect(appGroups(["storefront", "catalog-api"])).toEqual([
      { title: "apps (2)", apps: ["catalog-api", "storefront"] },
    ]);
  });
});

describe("weekly keys", () => {
  const at = (iso: string, succeeded: boolean, version: number, message = ""): Deployment => ({
    version,
    end: new Date(iso),
    succeeded,
    message,
  });
  const window = { start: new Date("2025-03-01T00:00:00Z"), end: new Date("2025-03-22T00:00:00Z"), days: 21 };

  test("counts each week's deployments and its change failure rate, a rolled-back release a failure", () => {
    const weeks = weeklyKeys(
      [
        at("2025-03-02T10:00:00Z", true, 1),
        at("2025-03-03T10:00:00Z", false, 2),
        at("2025-03-16T10:00:00Z", true, 3),
        at("2025-03-17T10:00:00Z", true, 4, "rollback storefront to 1.4.1"),
        at("2025-03-21T10:00:00Z", true, 5),
      ],
      window,
    );
    expect(weeks).toEqual([
      { start: "2025-03-01", deployments: 2, failed: 1, changeFailureRate: 0.5 },
      { start: "2025-03-08", deployments: 0, failed: 0, changeFailureRate: null },
      { start: "2025-03-15", deployments: 3, failed: 1, changeFailureRate: 1 / 3 },
    ]);
  });

  test("no window (no finished update) is no week", () => {
    expect(weeklyKeys([], undefined)).toEqual([]);
  });
});
