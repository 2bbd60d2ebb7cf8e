/**
 * Citations name upstream only (repository, tag, path, line), and nothing in the project speaks of the
 * machine it was written on: no local path, no "offline copy" or "mirror" of a source, no search
 * tool, no branch commit standing in for a release tag. Every tracked text file is read, code,
 * comments, docs and tests alike; each finding is named by file, line and the words that matched.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MACHINE_SPEAK: Array<[string, RegExp]> = [
  // The workspace the project was written in; a test's own hostile path (`/home/me`) is no citation.
  ["a local path", /(?<![\w.])\/work\/[\w.-]+|\.mirror\//],
  ["an offline copy", /\bstored offline\b|\boffline cop(?:y|ies)\b/i],
  [
    "a mirror of a source",
    /\b(?:source|public|our) mirror\b|\bmirrored commit\b|\bnot in (?:our|the) mirror\b|\bmirror here\b/i,
  ],
  ["an index file number", /\bindex file\b/i],
  ["a search tool", /\bsearch tools?\b/i],
  ["this machine", /\bthis machine\b|\ba developer'?s machine\b|\bon my machine\b/i],
  [
    "what was readable here",
    /\breadable here\b|\bread here at\b|\bnewest (?:tag|commit) (?:read|here|we could)\b|\bwe could read\b/i,
  ],
  ["a personal repository", /\bhomelab\b/i],
  // A chart index may be cited by the branch that publishes it, but only as the index revision.
  ["a branch commit instead of a tag", /\b[\w.-]+\/[\w.-]+ (?:main|master|gh-pages) \(?[0-9a-f]{7,40}\b/],
];

const SELF = "test/citations.test.ts";

function trackedTextFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" })
    .split("\0")
    .filter((file) => file && file !== SELF && file !== "package-lock.json")
    .filter((file) => !/\.(?:png|jpe?g|gif|ico|tgz|gz|woff2?)$/.test(file));
}

function findings(file: string, text: string): string[] {
  return text.split("\n").flatMap((line, index) =>
    MACHINE_SPEAK.flatMap(([what, pattern]) => {
      const match = pattern.exec(line);
      if (!match || (what.startsWith("a branch commit") && line.includes("index revision:"))) return [];
      return [`${file}:${index + 1}: ${what} ("${match[0]}")`];
    }),
  );
}

test("no citation or comment in the project speaks of the machine it was written on", () => {
  const found = trackedTextFiles().flatMap((file) => findings(file, readFileSync(file, "utf8")));
  expect(found).toEqual([]);
});

test("the check finds each kind of machine-speak, and leaves upstream citations alone", () => {
  const flagged = (line: string) => findings("x.ts", line).map((f) => f.replace(/^x\.ts:1: /, "").split(" (")[0]);
  expect(flagged("read from /work/main/upstream/values.yaml")).toEqual(["a local path"]);
  expect(flagged("// the chart's values as stored offline")).toEqual(["an offline copy"]);
  expect(flagged("v4.32.0, the newest tag in the source mirror")).toEqual(["a mirror of a source"]);
  expect(flagged("(index file 3)")).toEqual(["an index file number"]);
  expect(flagged("the search tools hold only its opening")).toEqual(["a search tool"]);
  expect(flagged("v4.32.0, the newest tag readable here")).toEqual(["what was readable here"]);
  expect(flagged("digest from acme/homelab k8s/apps.yaml")).toEqual(["a personal repository"]);
  expect(flagged("// fluent/helm-charts gh-pages (26ab9954df98) index.yaml")).toEqual([
    "a branch commit instead of a tag",
  ]);
  // Upstream citations, a chart index's revision, and the word "mirror" as Traefik and Argo use it.
  expect(flagged("// fluent/helm-charts fluent-bit-0.48.0, charts/fluent-bit/values.yaml L9-15")).toEqual([]);
  expect(flagged("// (index revision: fluent/helm-charts gh-pages 26ab9954df98)")).toEqual([]);
  expect(flagged("Argo Rollouts turns the mirror on for the new revision")).toEqual([]);
});
