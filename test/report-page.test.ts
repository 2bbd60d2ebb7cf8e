/**
 * The release report page, built from a small hand-made render and recorded histories: what it shows,
 * that text from config or history never becomes markup, and that no secret value reaches it.
 */
import type { UpdateSummary } from "@pulumi/pulumi/automation";
import { reportHtml, type ReportOptions } from "../tools/report/report-run";
import { loadHistory, SECRET_VALUES } from "./support/history";
import { INVENTED, renderDir } from "./support/render-dir";

const noCommits = { committedAt: () => Promise.resolve(undefined) };
const build = (render: string, history: UpdateSummary[]) => {
  const options: ReportOptions = { stack: "prod", renderDir: render, outDir: render };
  return reportHtml(options, { history: () => Promise.resolve(history), commits: noCommits });
};

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

/** A history whose author, message and app name carry markup, and a verdict whose message does. */
function hostileHistory(): UpdateSummary[] {
  const apps = { [`evil${HOSTILE}`]: { image: { repository: "ghcr.io/acme/evil", tag: `1.0.0${HOSTILE}` } } };
  return [
    {
      version: 1,
      kind: "update",
      startTime: new Date("2025-03-01T10:00:00Z"),
      endTime: new Date("2025-03-01T10:05:00Z"),
      message: `deploy ${HOSTILE}`,
      environment: { "git.author": `Mallory ${HOSTILE}` },
      config: { "slipway:apps": { value: JSON.stringify(apps), secret: false } },
      result: "succeeded",
      resourceChanges: { create: 3 },
    },
  ];
}

describe("the release report page", () => {
  test("escapes every name and message from config, history and verdicts: none becomes markup", async () => {
    const render = renderDir(
      [`evil${HOSTILE}`],
      [
        {
          policy: `no-${HOSTILE}`,
          enforcement: "mandatory",
          urn: `urn:pulumi:prod::slipway::x::${HOSTILE}`,
          message: HOSTILE,
        },
      ],
    );
    const page = await build(render, hostileHistory());
    // The page's own script is the only one, and no element carries an event handler.
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img/);
    expect(page).toContain(
      "Mallory &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;",
    );
    expect(page).toContain("deploy &lt;script&gt;");
    expect(page).toContain('data-app="evil&lt;script&gt;alert(&quot;x&quot;)');
  });

  test("shows each app's releases: update, result, who, image, what changed, message", async () => {
    const page = await build(renderDir(["storefront", "catalog-api"]), loadHistory("history-prod.json"));
    const storefront = page.slice(page.indexOf('data-app="storefront"'));
    expect(storefront).toContain("<td>v13</td>");
    expect(storefront).toContain('<td class="result-failed">failed</td>');
    expect(storefront).toContain("storefront 1.5.0: new checkout flow");
    expect(storefront).toContain("Dana Lee");
    expect(storefront).toContain("ghcr.io/acme/storefront:1.5.1");
    expect(storefront).toContain("image 1.5.0 → 1.5.1");
    // The release the render deploys, by digest, and the one kept for a rollback.
    expect(storefront).toContain(`ghcr.io/acme/storefront@sha256:${"b".repeat(64)}`);
    expect(storefront).toContain("Kept for a rollback: <code>1.0.0</code>");
  });

  test("shows the platform's images and labels each digest the mock engine invented, and no other", async () => {
    const page = await build(renderDir(["storefront"]), loadHistory("history-prod.json"));
    const section = page.slice(page.indexOf('id="platform-images"'), page.indexOf('id="apps"'));
    expect(section).toContain(
      `<code>quay.io/argoproj/argo-rollouts:v1.9.0@${INVENTED}</code> <span class="note">(mock digest)</span>`,
    );
    expect(section).toMatch(/<code>docker\.io\/traefik:3\.6\.0@sha256:18112aed[0-9a-f]{56}<\/code><\/td>/);
    // The app images here are not the mock engine's: no label anywhere else on the page.
    expect(page.split("(mock digest)")).toHaveLength(2);
  });

  test("shows the four keys with their level, the weekly charts and the verdicts", async () => {
    const page = await build(
      renderDir(["storefront"], [{ policy: "resource-limits", enforcement: "advisory", message: "set limits" }]),
      loadHistory("history-prod.json"),
    );
    expect(page).toMatch(
      /Deployment frequency<\/td>\s*<td>[\d.]+ per week<\/td>\s*<td>\s*<span class="level level-(elite|high|medium|low)">/,
    );
    expect(page).toContain("Deployments per week");
    expect(page).toContain("Change failure rate per week");
    expect(page.match(/<svg class="chart"/g)).toHaveLength(2);
    expect(page).toContain("<td>resource-limits</td>");
    expect(page).toContain("the stack");
    expect(page).toContain("Not seen by this render");
  });

  test("never shows a secret value, even from a history read with secrets", async () => {
    const page = await build(
      renderDir(["storefront", "billing-worker"]),
      loadHistory("history-prod-with-secrets.json"),
    );
    for (const secret of SECRET_VALUES) expect(page).not.toContain(secret);
    expect(page).toContain("STRIPE_API_KEY");
  });

  test("says so when there is no history, and still shows the stack", async () => {
    const page = await build(renderDir(["storefront"]), []);
    expect(page).toContain("No finished update: nothing to measure.");
    expect(page).toContain("No release in the update history.");
    expect(page).toContain('data-app="storefront"');
  });

  test("refuses a render directory that is not one, naming the command that makes it", async () => {
    await expect(build("/nonexistent", [])).rejects.toThrow(
      "/nonexistent/outputs.json is missing: run `npm run render -- --stack prod` first",
    );
  });
});
