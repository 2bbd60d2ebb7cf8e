/**
 * The images the platform's services run, as the render's outputs record them (`platformImages`, by
 * service and image), and the note every image reference gets here when its digest was invented by
 * the mock engine (tools/harness/mock-digests.ts): an offline render's digests were never asked of a
 * registry, and the page must not pass them off as what a cluster would run.
 */
import { holdsMockDigest, MOCK_DIGEST_LABEL } from "../harness/mock-digests";
import { html, type Html } from "./html";

/** ` (mock digest)` after a reference whose digest the mock engine invented; nothing otherwise. */
export function mockNote(reference: string | undefined): Html | "" {
  return reference && holdsMockDigest(reference) ? html` <span class="note">(${MOCK_DIGEST_LABEL})</span>` : "";
}

export function platformImagesSection(images: Record<string, Record<string, string>>): Html {
  const rows = Object.entries(images).flatMap(([service, byName]) =>
    Object.entries(byName).map(([name, reference]) => ({ service, name, reference })),
  );
  return html`<section id="platform-images">
    <h2>Platform images (${rows.length})</h2>
    ${
      rows.length === 0
        ? html`<p class="muted">The render's outputs record no platform images.</p>`
        : html`<table class="platform-images">
            <thead>
              <tr>
                <th>Service</th>
                <th>Image</th>
                <th>Runs</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (row) =>
                  html`<tr>
                    <td>${row.service}</td>
                    <td>${row.name}</td>
                    <td><code>${row.reference}</code>${mockNote(row.reference)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}
