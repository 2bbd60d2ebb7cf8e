/** The policy verdicts of the render (policy.json), and what the render cannot see at all. */
import { html, type Html } from "./html";
import type { PolicyFile } from "./render-dir";

const shortUrn = (urn?: string) => (urn ? urn.split("::").slice(2).join("::") : "the stack");

export function verdictsSection(policy: PolicyFile): Html {
  const { verdicts, notEvaluated } = policy;
  return html`<section id="verdicts">
    <h2>Policy verdicts</h2>
    <p>
      Pack <code>${policy.pack}</code> with <code>${policy.config}</code>:
      <span class="${policy.mandatory > 0 ? "bad" : "good"}">${policy.mandatory} mandatory</span>, ${policy.advisory}
      advisory violation(s).
    </p>
    ${
      verdicts.length === 0
        ? html`<p class="good">No violations.</p>`
        : html`<table class="verdicts">
            <thead>
              <tr>
                <th>Enforcement</th>
                <th>Policy</th>
                <th>Resource</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              ${verdicts.map(
                (v) =>
                  html`<tr class="${v.enforcement}">
                    <td>${v.enforcement}</td>
                    <td>${v.policy}</td>
                    <td><code>${shortUrn(v.urn)}</code></td>
                    <td>${v.message}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <h3>Not seen by this render (no schema or policy check)</h3>
    <table class="unseen">
      <thead>
        <tr>
          <th>Chart install</th>
          <th>Chart</th>
          <th>Namespace</th>
          <th>Who sees its objects</th>
        </tr>
      </thead>
      <tbody>
        ${notEvaluated.opaqueInstalls.map(
          (install) =>
            html`<tr>
              <td>${install.name}</td>
              <td>${install.chart ?? "–"} ${install.version ?? ""}</td>
              <td>${install.namespace ?? "–"}</td>
              <td>${install.objectsSeenBy}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <table class="unseen">
      <thead>
        <tr>
          <th>Objects</th>
          <th>Controllers create at run time, which no preview sees</th>
        </tr>
      </thead>
      <tbody>
        ${notEvaluated.runtimeObjects.map(
          (row) =>
            html`<tr>
              <td>${row.count} ${row.kind}</td>
              <td>${row.creates}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
