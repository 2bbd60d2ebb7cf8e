/**
 * The stack's picture as the report draws it: its top-level components (network, cluster, platform, …)
 * each one collapsible list of the resources it owns, and its apps (app-section.ts) in groups.
 */
import type { ResourceRecord } from "../harness/render-files";
import { html, type Html } from "./html";

const APP_TYPE = "slipway:app:App";

export interface StackTree {
  /** Top-level components and resources other than apps, with everything under each. */
  components: Array<{ top: ResourceRecord; resources: ResourceRecord[] }>;
  /** Per app name, its component's resources (the App itself first). */
  apps: Map<string, ResourceRecord[]>;
}

export function stackTree(resources: ResourceRecord[]): StackTree {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const trees = new Map<ResourceRecord, ResourceRecord[]>();
  const parentOf = (r: ResourceRecord) => (r.parent ? byUrn.get(r.parent) : undefined);
  for (const resource of resources) {
    let top = resource;
    for (let parent = parentOf(top); parent; parent = parentOf(top)) top = parent;
    const members = trees.get(top) ?? [];
    members.push(resource);
    trees.set(top, members);
  }
  const tree: StackTree = { components: [], apps: new Map() };
  for (const [top, members] of trees) {
    if (top.type === APP_TYPE) tree.apps.set(top.name, members);
    else tree.components.push({ top, resources: members });
  }
  return tree;
}

/** `kubernetes:apps/v1:Deployment` → `Deployment`, `aws:s3/bucketV2:BucketV2` → `aws BucketV2`. */
function kind(type: string): string {
  const [pkg] = type.split(":");
  const last = type.slice(type.lastIndexOf(":") + 1);
  return pkg === "kubernetes" || pkg === "slipway" ? last : `${pkg} ${last}`;
}

export function resourceTable(resources: ResourceRecord[]): Html {
  const names = new Map(resources.map((r) => [r.urn, r.name]));
  return html`<table class="resources">
    <thead>
      <tr>
        <th>Kind</th>
        <th>Name</th>
        <th>Owned by</th>
      </tr>
    </thead>
    <tbody>
      ${resources.map(
        (r) =>
          html`<tr>
            <td>${kind(r.type)}</td>
            <td>${r.name}</td>
            <td>${(r.parent && names.get(r.parent)) ?? "–"}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function componentsSection(tree: StackTree): Html {
  return html`<section id="platform">
    <h2>Platform and shared resources</h2>
    ${tree.components.map(
      ({ top, resources }) =>
        html`<details class="component">
          <summary>
            <strong>${top.name}</strong>
            <span class="muted"
              >${kind(top.type)} · ${resources.length} resource${resources.length === 1 ? "" : "s"}</span
            >
          </summary>
          ${resourceTable(resources)}
        </details>`,
    )}
  </section>`;
}
