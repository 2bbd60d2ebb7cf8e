/** A PNG of the report page as it opens (file://), e.g. docs/release-report.png. */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./browser";

export async function screenshot(htmlFile: string, png: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(resolve(htmlFile)).href);
    // Open the first app, so the picture shows a release table as well as the groups.
    await page
      .locator("details.app")
      .first()
      .evaluate((details) => details.setAttribute("open", ""));
    mkdirSync(dirname(png), { recursive: true });
    await page.screenshot({ path: png, fullPage: true });
  } finally {
    await browser.close();
  }
}
