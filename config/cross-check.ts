/**
 * Rules that relate one part of the stack config to another. They read the raw values defensively so
 * that they report alongside the per-field errors instead of waiting for those to be fixed.
 */
import type { ConfigProblem } from "./errors";
import { record } from "./raw";

export function crossCheck(raw: Record<string, unknown>): ConfigProblem[] {
  const apps = record(raw.apps);
  const secrets = record(raw.secrets);
  const problems: ConfigProblem[] = [];

  for (const app of Object.keys(secrets).sort()) {
    if (!Object.hasOwn(apps, app)) {
      problems.push({ key: `slipway:secrets.${app}`, message: `no app named "${app}" in slipway:apps` });
      continue;
    }
    const env = record(record(apps[app]).env);
    for (const name of Object.keys(record(secrets[app])).sort()) {
      if (Object.hasOwn(env, name)) {
        problems.push({
          key: `slipway:secrets.${app}.${name}`,
          message: `also set in slipway:apps.${app}.env.${name}; keep it in one place`,
        });
      }
    }
  }

  const routedBy = new Map<string, string>();
  for (const app of Object.keys(apps).sort()) {
    const domains = record(apps[app]).domains;
    if (!Array.isArray(domains)) continue;
    domains.forEach((domain, index) => {
      if (typeof domain !== "string") return;
      const owner = routedBy.get(domain);
      const key = `slipway:apps.${app}.domains[${index}]`;
      if (owner && !owner.startsWith(`slipway:apps.${app}.`)) {
        problems.push({ key, message: `"${domain}" is already routed to another app by ${owner}` });
      } else if (!owner) {
        routedBy.set(domain, key);
      }
    });
  }
  return problems;
}
