/**
 * The report page: one self-contained HTML document. Its style and its one script are inline, the
 * charts are inline SVG, and there is no font, image or link to fetch, so it opens offline; a
 * Content-Security-Policy forbids any network fetch besides the page itself.
 */
import { html, trusted, type Html } from "./html";

const STYLE = `
:root { color-scheme: light; --ok: #2f855a; --bad: #c53030; --muted: #5a6472; --line: #d8dde3; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1a202c; background: #f7f8fa; }
header { background: #1f2a44; color: #fff; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #cbd5e0; }
nav { display: flex; gap: 16px; padding: 8px 24px; background: #fff; border-bottom: 1px solid var(--line); }
nav a { color: #2b6cb0; text-decoration: none; }
main { padding: 8px 24px 32px; max-width: 1200px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 16px 16px; margin: 16px 0; }
h2 { font-size: 18px; margin: 8px 0; }
h3, h4 { margin: 12px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--line); }
th { background: #edf0f4; font-weight: 600; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
details { margin: 4px 0; }
details > summary { cursor: pointer; padding: 3px 0; }
details.app-group { border-left: 3px solid #2b6cb0; padding-left: 8px; }
details.app { margin-left: 12px; }
.app-body { margin: 0 0 8px 16px; }
.muted, .note { color: var(--muted); }
.good, .result-succeeded { color: var(--ok); }
.bad, .result-failed, tr.mandatory td:first-child { color: var(--bad); font-weight: 600; }
.level { padding: 1px 8px; border-radius: 10px; color: #fff; }
.level-elite { background: #276749; } .level-high { background: #2f855a; }
.level-medium { background: #b7791f; } .level-low { background: #c53030; }
.keys { width: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; }
.chart { width: 100%; height: auto; background: #fff; }
.chart-title { font-size: 13px; font-weight: 600; fill: #1a202c; }
.tick { font-size: 10px; fill: var(--muted); }
.axis { stroke: #a0aec0; }
.bar-ok { fill: #4a90d9; } .bar-failed { fill: var(--bad); } .bar-rate { fill: #dd6b20; }
.summary { display: flex; flex-wrap: wrap; gap: 24px; }
.summary div strong { display: block; font-size: 20px; }
`;

/** Hides the apps whose name does not contain the text typed, and opens the groups holding matches. */
const SCRIPT = `
document.getElementById("app-filter").addEventListener("input", function (event) {
  var text = event.target.value.trim().toLowerCase();
  document.querySelectorAll("details.app-group").forEach(function (group) {
    var shown = 0;
    group.querySelectorAll("details.app").forEach(function (app) {
      var match = text === "" || app.dataset.app.indexOf(text) >= 0;
      app.hidden = !match;
      if (match) shown++;
    });
    group.hidden = shown === 0;
    if (text !== "") group.open = shown > 0;
  });
});
`;

export interface PageParts {
  stack: string;
  subtitle: string;
  summary: Array<[string, string | number]>;
  sections: Html[];
}

export function page({ stack, subtitle, summary, sections }: PageParts): string {
  const document = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
        />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Release report: stack ${stack}</title>
        <style>
          ${trusted(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <h1>Release report: stack ${stack}</h1>
          <p>${subtitle}</p>
        </header>
        <nav>
          <a href="#dora">DORA keys</a><a href="#verdicts">Policy verdicts</a><a href="#platform">Platform</a
          ><a href="#platform-images">Platform images</a><a href="#apps">Apps and releases</a>
        </nav>
        <main>
          <section id="summary" class="summary">
            ${summary.map(([label, value]) => html`<div><strong>${value}</strong>${label}</div>`)}
          </section>
          ${sections}
        </main>
        <script>
          ${trusted(SCRIPT)};
        </script>
      </body>
    </html> `;
  return document.text;
}
