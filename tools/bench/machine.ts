/**
 * What a benchmark ran on, recorded with its results: figures from a shared 2-core machine mean little
 * without the load it carried. Load averages are read at the start and the end of the run.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { installedVersion } from "../harness/installed-version";

/** The packages whose speed the figures measure (read from node_modules, as installed). */
const PACKAGES = [
  "@pulumi/pulumi",
  "@pulumi/kubernetes",
  "@pulumi/aws",
  "@pulumi/policy",
  "kubernetes-models",
  "cdk8s",
];

const round = (n: number) => Math.round(n * 100) / 100;

export function machineAtStart() {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    totalMemoryGb: round(totalmem() / 2 ** 30),
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, installedVersion(name)])),
    loadAverageAtStart: loadavg().map(round),
  };
}

export function withLoadAtEnd(machine: ReturnType<typeof machineAtStart>) {
  return { ...machine, loadAverageAtEnd: loadavg().map(round) };
}

export function describeMachine(machine: ReturnType<typeof withLoadAtEnd>): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.totalMemoryGb} GB; node ${machine.node}; load average ${machine.loadAverageAtStart.join(" ")} at start, ${machine.loadAverageAtEnd.join(" ")} at end`;
}
