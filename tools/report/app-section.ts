/**
 * The apps: in groups (app-groups.ts), each app a collapsible block with the release the render
 * deploys (and those kept for a rollback, from the stack outputs' release history), its releases from
 * the update history, and its resources. Object names only: no secret value is in any of these inputs.
 * An image whose digest the mock engine invented says so.
 */
import type { ReleaseRecord } from "../../components/app/release-history";
import type { ResourceRecord } from "../harness/render-files";
import { appGroups } from "./app-groups";
import type { AppRelease } from "./app-releases";
import { html, type Html } from "./html";
import { mockNote } from "./platform-images";
import type { AppOutput } from "./render-dir";
import { resourceTable } from "./stack-picture";

export interface AppView {
  name: string;
  output?: AppOutput;
  /** Newest first: the release the render deploys, then the kept ones. */
  recorded: ReleaseRecord[];
  releases: AppRelease[];
  resources: ResourceRecord[];
}

export function appsSection(apps: AppView[]): Html {
  const byName = new Map(apps.map((app) => [app.name, app]));
  const groups = appGroups(apps.map((app) => app.name));
  return html`<section id="apps">
    <h2>Apps (${apps.length})</h2>
    <p>
      <label>Find an app: <input id="app-filter" type="search" placeholder="name" autocomplete="off" /></label>
    </p>
    ${groups.map(
      (group) =>
        html`<details class="app-group" ${groups.length === 1 ? html` open` : ""}>
          <summary><strong>${group.title}</strong></summary>
          ${group.apps.flatMap((name) => byName.get(name) ?? []).map(appBlock)}
        </details>`,
    )}
  </section>`;
}

function appBlock(app: AppView): Html {
  const [current, ...kept] = app.recorded;
  const last = app.releases[0];
  return html`<details class="app" data-app="${app.name}">
    <summary>
      <strong>${app.name}</strong>
      <span class="muted"
        >${current?.version ? `version ${current.version}` : "version unknown"} · ${app.resources.length}
        resources${last ? html` · last release <span class="result-${last.result}">${last.result}</span> ${last.time}` : ""}</span
      >
    </summary>
    <div class="app-body">
      ${current ? html`<p>Deploys <code>${current.image ?? "an image not yet resolved"}</code>${mockNote(current.image)} with ConfigMap <code>${current.config.name}</code>${current.secret ? html` and Secret <code>${current.secret.name}</code>` : ""}${app.output ? ` in namespace ${app.output.namespace}` : ""}.</p>` : ""}
      ${kept.length > 0 ? html`<p>Kept for a rollback: ${kept.map((r, i) => html`${i > 0 ? ", " : ""}<code>${r.version ?? r.config.name}</code>`)}.</p>` : ""}
      <h4>Releases</h4>
      ${app.releases.length === 0 ? html`<p class="muted">No release in the update history.</p>` : releasesTable(app.releases)}
      <details class="app-resources">
        <summary>Resources (${app.resources.length})</summary>
        ${resourceTable(app.resources)}
      </details>
    </div>
  </details>`;
}

function releasesTable(releases: AppRelease[]): Html {
  return html`<table class="releases">
    <thead>
      <tr>
        <th>Update</th>
        <th>When</th>
        <th>Result</th>
        <th>Who</th>
        <th>Image</th>
        <th>What changed</th>
        <th>Message</th>
      </tr>
    </thead>
    <tbody>
      ${releases.map(
        (r) =>
          html`<tr>
            <td>v${r.update}</td>
            <td>${r.time}</td>
            <td class="result-${r.result}">${r.result}</td>
            <td>${r.who}${r.commit ? html`<br /><code>${r.commit}</code>` : ""}</td>
            <td><code>${r.image ?? "–"}</code>${mockNote(r.image)}</td>
            <td>${r.changes.map((line) => html`<div>${line}</div>`)}</td>
            <td>${r.message}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
