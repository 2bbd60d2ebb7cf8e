/**
 * The release report as a reader opens it, from file://, in headless Chromium: the committed prod
 * stack with its recorded history, and the benchmark's 500 apps.
 */
import { openWatched, renders, type WatchedPage } from "./watched-page";

describe("the prod stack's release report", () => {
  let report: WatchedPage;
  beforeAll(async () => {
    report = await openWatched(renders("prod", "report.html"));
  });

  test("loads with no console error and no request besides itself", () => {
    expect(report.errors).toEqual([]);
    expect(report.requests).toEqual([report.url]);
  });

  test("shows the four keys with a chart per week, and the policy verdicts", async () => {
    const { page } = report;
    await expect(page.locator("#dora table.keys tbody tr").allInnerTexts()).resolves.toHaveLength(4);
    expect(await page.locator("#dora svg.chart").count()).toBe(2);
    expect(await page.locator("#dora svg.chart rect").count()).toBeGreaterThan(0);
    expect(await page.locator("#dora svg.chart").first().isVisible()).toBe(true);
    await expect(page.locator("#verdicts").innerText()).resolves.toMatch(/0 mandatory/);
    await expect(page.locator("#verdicts").innerText()).resolves.toContain("kube-prometheus-stack");
  });

  test("shows the platform components and the app group; an app opens onto its releases", async () => {
    const { page } = report;
    await expect(page.locator("#platform summary").allInnerTexts()).resolves.toEqual(
      expect.arrayContaining([expect.stringMatching(/^platform Platform · \d+ resources$/)]),
    );
    expect(await page.locator("details.app-group > summary").allInnerTexts()).toEqual(["apps (3)"]);
    const storefront = page.locator('details.app[data-app="storefront"]');
    const releases = storefront.locator("table.releases");
    expect(await releases.isVisible()).toBe(false);
    await storefront.locator("summary").first().click();
    expect(await releases.isVisible()).toBe(true);
    const rows = await releases.locator("tbody tr").allInnerTexts();
    expect(rows.find((row) => row.startsWith("v13"))).toMatch(/failed[\s\S]*Dana Lee[\s\S]*image 1\.4\.1 → 1\.5\.0/);
  });

  test("finds an app by name", async () => {
    const { page } = report;
    await page.locator("#app-filter").fill("catalog");
    expect(await page.locator('details.app[data-app="catalog-api"]').isVisible()).toBe(true);
    expect(await page.locator('details.app[data-app="storefront"]').isVisible()).toBe(false);
  });
});

describe("a 500-app stack's release report", () => {
  let report: WatchedPage;
  beforeAll(async () => {
    report = await openWatched(renders("bench-500", "report.html"));
  });

  test("loads with no console error and no request besides itself", () => {
    expect(report.errors).toEqual([]);
    expect(report.requests).toEqual([report.url]);
  });

  test("groups the apps in 10 closed groups of 50, each app in its own block", async () => {
    const { page } = report;
    const groups = page.locator("details.app-group");
    expect(await groups.count()).toBe(10);
    expect(
      await groups.evaluateAll((all) => all.filter((group) => (group as unknown as { open: boolean }).open).length),
    ).toBe(0);
    expect(await page.locator("details.app").count()).toBe(500);
    await expect(page.locator("#summary").innerText()).resolves.toMatch(/500\s*apps/);
  });
});
