/**
 * Which apps a pull request's review stack holds (config/review-changes.ts through
 * tools/review/changed-apps.ts): the stack file before and after, the changed paths, and the git calls
 * that read them, with a scripted git instead of a repository. No render.
 */
import { changedApps, pullRequestChanges, type GitRunner } from "../tools/review/changed-apps";
import { StackFileError } from "../tools/harness/stack-file";

const BASE = `config:
  slipway:layer: apps
  slipway:wave: 1
  slipway:apps:
    web:
      image: { repository: ghcr.io/acme/web, tag: "1.0.0" }
      domains: [www.example.com]
      network: { dependsOn: [api] }
    api:
      build: { context: apps/api }
      env: { LOG_LEVEL: info, REGION: eu }
    worker:
      build: { context: ./services/worker/, dockerfile: docker/worker.Dockerfile }
  slipway:secrets:
    web:
      DATABASE_URL: { secure: v1:AAAA }
`;

const head = (edit: (text: string) => string) => edit(BASE);
/** The apps changed from `base` (null: a new stack file) to `headText`, with `paths` changed. */
const changed = (headText: string, paths: string[] = [], base: string | null = BASE) =>
  changedApps("shop", headText, { paths, ...(base === null ? {} : { baseStackFile: base }) });

test("an app whose entry differs is changed; reformatting, reordering and comments are no change", () => {
  expect(changed(head((t) => t.replace('tag: "1.0.0"', 'tag: "1.1.0"')))).toEqual(["web"]);
  expect(changed(head((t) => t.replace("LOG_LEVEL: info, REGION: eu", "REGION: eu, LOG_LEVEL: info")))).toEqual([]);
  const reformatted = head((t) =>
    t.replace(
      "env: { LOG_LEVEL: info, REGION: eu }",
      "# why\n      env:\n        LOG_LEVEL: 'info'\n        REGION: eu",
    ),
  );
  expect(changed(reformatted)).toEqual([]);
});

test("an app added at the head is changed, one removed is not reviewed, and other keys change no app", () => {
  const added = head((t) =>
    t.replace("  slipway:secrets:", "    admin:\n      image: { repository: a, tag: b }\n  slipway:secrets:"),
  );
  expect(changed(added)).toEqual(["admin"]);
  expect(changed(head((t) => t.replace(/ {4}worker:\n.*\n/, "")))).toEqual([]);
  expect(changed(head((t) => t.replace("slipway:wave: 1", "slipway:wave: 2")))).toEqual([]);
});

test("a secret added or removed changes its app; a new value of the same secret does not", () => {
  expect(changed(head((t) => `${t}      API_KEY: { secure: v1:BBBB }\n`))).toEqual(["web"]);
  expect(changed(head((t) => `${t}    api:\n      TOKEN: { secure: v1:CCCC }\n`))).toEqual(["api"]);
  expect(changed(head((t) => t.replace("v1:AAAA", "v1:ZZZZ")))).toEqual([]);
  expect(changed(head((t) => t.replace(/ {2}slipway:secrets:\n.*\n.*\n/, "")))).toEqual(["web"]);
});

test("a path in an app's build context or its Dockerfile changes that app, a neighbouring path does not", () => {
  expect(changed(BASE, ["apps/api/src/main.go"])).toEqual(["api"]);
  expect(changed(BASE, ["apps/api"])).toEqual(["api"]);
  expect(changed(BASE, ["apps/api-docs/index.html", "apps/apiary"])).toEqual([]);
  expect(changed(BASE, ["services/worker/run.sh"])).toEqual(["worker"]);
  expect(changed(BASE, ["docker/worker.Dockerfile"])).toEqual(["worker"]);
  expect(
    changed(BASE, ["docker/web.Dockerfile", "README.md", "docs/x.md", "test/a.test.ts", "tools/render.ts"]),
  ).toEqual([]);
});

test("a change to the program every app runs, or a new stack file, changes every reviewable app", () => {
  for (const path of [
    "components/app/workload.ts",
    "stacks/program.ts",
    "config/app.ts",
    "policy/policies/kubernetes.ts",
    "package.json",
    "package-lock.json",
    "Pulumi.yaml",
  ])
    expect([path, changed(BASE, [path])]).toEqual([path, "all"]);
  expect(changed(BASE, [], null)).toBe("all");
});

test("a stack file that cannot be parsed is named, at the head or at the base", () => {
  expect(() => changed("config: [", [])).toThrow(/^Pulumi\.shop\.yaml: cannot read stack file: /);
  expect(() => changed(BASE, [], "config: {")).toThrow(
    /^Pulumi\.shop\.yaml at the pull request's base: cannot read stack file: /,
  );
});

/** A git that answers from a script and records what it was asked, in which directory. */
function scriptedGit(answers: Record<string, string | Error>): { git: GitRunner; calls: string[] } {
  const calls: string[] = [];
  const git: GitRunner = (args, cwd) => {
    const call = `${cwd}: git ${args.join(" ")}`;
    calls.push(call);
    const answer = answers[args[0]];
    if (answer instanceof Error) throw answer;
    if (answer === undefined) throw new Error(`unexpected ${call}`);
    return answer;
  };
  return { git, calls };
}

test("pullRequestChanges diffs from the merge base and reads the stack file there, in the project's directory", () => {
  const { git, calls } = scriptedGit({
    "merge-base": "abc123\n",
    diff: "Pulumi.shop.yaml\0apps/api/odd name.txt\0",
    "ls-tree": "Pulumi.shop.yaml\n",
    show: BASE,
  });
  expect(pullRequestChanges("infra", "origin/main", "shop", git)).toEqual({
    paths: ["Pulumi.shop.yaml", "apps/api/odd name.txt"],
    baseStackFile: BASE,
  });
  expect(calls).toEqual([
    "infra: git merge-base origin/main HEAD",
    "infra: git diff --name-only -z --relative abc123...HEAD",
    "infra: git ls-tree --name-only abc123 -- Pulumi.shop.yaml",
    "infra: git show abc123:./Pulumi.shop.yaml",
  ]);
});

test("a stack file the merge base does not have is new: no base file, so every app is changed", () => {
  const { git, calls } = scriptedGit({ "merge-base": "abc123\n", diff: "Pulumi.shop.yaml\0", "ls-tree": "" });
  const changes = pullRequestChanges(".", "main", "shop", git);
  expect(changes).toEqual({ paths: ["Pulumi.shop.yaml"] });
  expect(calls.some((call) => call.includes("git show"))).toBe(false);
  expect(changedApps("shop", BASE, changes)).toBe("all");
});

test("an unknown base, or one that would be read as an option, is refused naming --base", () => {
  const { git } = scriptedGit({ "merge-base": new Error("fatal: Not a valid object name nope") });
  expect(() => pullRequestChanges(".", "nope", "shop", git)).toThrow(StackFileError);
  expect(() => pullRequestChanges(".", "nope", "shop", git)).toThrow(
    /^--base nope: git merge-base failed: fatal: Not a valid object name nope$/,
  );
  const untouched = scriptedGit({});
  expect(() => pullRequestChanges(".", "--output=x", "shop", untouched.git)).toThrow(
    "--base --output=x: expected a git revision such as origin/main",
  );
  expect(untouched.calls).toEqual([]);
});
