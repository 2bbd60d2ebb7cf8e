/**
 * A page opened in the shared Chromium, with everything it logs as an error, every uncaught exception
 * and every request it makes recorded, so a test can demand none but the page itself.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { launchChromium, type Browser } from "../../tools/report/browser";

export interface WatchedPage {
  page: Page;
  url: string;
  errors: string[];
  requests: string[];
}

let browser: Browser | undefined;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

export const renders = (...path: string[]) => join(process.env.SLIPWAY_BROWSER_RENDERS!, ...path);

export async function openWatched(file: string): Promise<WatchedPage> {
  const page = await browser!.context.newPage();
  const url = pathToFileURL(file).href;
  const watched: WatchedPage = { page, url, errors: [], requests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") watched.errors.push(message.text());
  });
  page.on("pageerror", (error) => watched.errors.push(error.message));
  page.on("request", (request) => watched.requests.push(request.url()));
  await page.goto(url, { waitUntil: "load" });
  return watched;
}
