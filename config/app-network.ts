/**
 * Where an app's pods may connect (`slipway:apps.<app>.network`). `restricted`, the default, denies
 * egress except DNS, the app's own namespace, the apps it names in `dependsOn` (on their web port),
 * the router, and HTTPS to addresses outside private networks (AWS APIs, public services); `open`
 * leaves egress unrestricted. A dependency is an app of the same stack: its ingress admits the
 * dependent's namespace, which it otherwise refuses.
 */
import { z } from "zod";
import type { ConfigProblem } from "./errors";
import { dnsLabel } from "./primitives";

export const appNetworkSchema = z
  .strictObject({
    egress: z
      .enum(["restricted", "open"], {
        error:
          "expected restricted (DNS, the app's namespace, its dependsOn apps, the router, HTTPS outside private networks) or open (any destination)",
      })
      .default("restricted"),
    dependsOn: z
      .array(dnsLabel("the name of an app in this stack", 30))
      .refine((apps) => new Set(apps).size === apps.length, { error: "expected each app once" })
      .default([]),
  })
  .default({ egress: "restricted", dependsOn: [] });

/** An app a dependent may call, and the port its web pods listen on. */
interface AppDependency {
  app: string;
  port: number;
}

export interface AppConnections {
  /** The apps this app calls (its `dependsOn`), each on its web port. */
  dependencies: AppDependency[];
  /** The apps that call this one: its web pods admit their namespaces. */
  dependents: string[];
}

/** Each app's connections, from the parsed apps' `network.dependsOn` and ports. */
export function appConnections(
  apps: Record<string, { port: number; network: { dependsOn: string[] } }>,
): Record<string, AppConnections> {
  const names = Object.keys(apps).sort();
  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        dependencies: apps[name].network.dependsOn.map((app) => ({ app, port: apps[app].port })),
        dependents: names.filter((other) => apps[other].network.dependsOn.includes(name)),
      },
    ]),
  );
}

/** A dependency must be another app of this stack that serves (has a web process). */
export function dependencyProblems(
  apps: Record<string, { network: { dependsOn: string[] }; processes: Record<string, unknown> }>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const app of Object.keys(apps).sort()) {
    apps[app].network.dependsOn.forEach((target, index) => {
      const key = `slipway:apps.${app}.network.dependsOn[${index}]`;
      if (target === app)
        problems.push({ key, message: "expected another app: an app reaches its own namespace already" });
      else if (!Object.hasOwn(apps, target))
        problems.push({ key, message: `no app named "${target}" in slipway:apps of this stack` });
      else if (!Object.hasOwn(apps[target].processes, "web"))
        problems.push({ key, message: `slipway:apps.${target} has no web process to connect to` });
    });
  }
  return problems;
}
