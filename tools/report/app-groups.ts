/**
 * Apps grouped so 500 of them stay readable: by the part of the name before its first `-` (the
 * `<team>-<service>` convention; each app is its own namespace, so the namespace groups nothing),
 * and a group of more than a page is cut into pages of consecutive names.
 */
export interface AppGroup {
  title: string;
  apps: string[];
}

const APPS_PER_GROUP = 50;

export function appGroups(apps: string[]): AppGroup[] {
  const byPrefix = new Map<string, string[]>();
  for (const app of [...apps].sort()) {
    const prefix = app.includes("-") ? app.slice(0, app.indexOf("-")) : app;
    const members = byPrefix.get(prefix) ?? [];
    members.push(app);
    byPrefix.set(prefix, members);
  }
  // Prefixes of one app each would make as many groups as apps: they share one group instead.
  const singles = [...byPrefix].filter(([, members]) => members.length === 1).flatMap(([, members]) => members);
  const groups = [...byPrefix].filter(([, members]) => members.length > 1);
  if (singles.length > 0) groups.push([groups.length > 0 ? OTHERS : ALL, singles]);
  return groups.flatMap(([prefix, members]) => pages(prefix, members));
}

const OTHERS = "other apps";
const ALL = "apps";

function pages(prefix: string, members: string[]): AppGroup[] {
  const label = prefix === OTHERS || prefix === ALL ? prefix : `${prefix}-*`;
  if (members.length <= APPS_PER_GROUP) return [{ title: `${label} (${members.length})`, apps: members }];
  const result: AppGroup[] = [];
  for (let i = 0; i < members.length; i += APPS_PER_GROUP) {
    const page = members.slice(i, i + APPS_PER_GROUP);
    result.push({ title: `${label}: ${page[0]} … ${page[page.length - 1]} (${page.length})`, apps: page });
  }
  return result;
}
