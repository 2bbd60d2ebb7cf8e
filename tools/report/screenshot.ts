/** A PNG of the report page as it opens (file://), e.g. docs/release-report.png. */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./browser";

/** What the page's app blocks offer here (the project's types have no DOM). */
interface AppBlock {
  querySelectorAll(selector: string): { length: number };
  setAttribute(name: string, value: string): void;
}

export async function screenshot(htmlFile: string, png: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(resolve(htmlFile)).href);
    // Open the app with the most releases, so the picture shows a release table as well as the groups.
    await page.locator("details.app").evaluateAll((apps: AppBlock[]) => {
      const rows = (app: AppBlock) => app.querySelectorAll("table.releases tbody tr").length;
      const most = apps.reduce<AppBlock | undefined>(
        (best, app) => (!best || rows(app) > rows(best) ? app : best),
        undefined,
      );
      most?.setAttribute("open", "");
    });
    mkdirSync(dirname(png), { recursive: true });
    await page.screenshot({ path: png, fullPage: true });
  } finally {
    await browser.close();
  }
}
