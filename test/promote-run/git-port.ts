/**
 * The promotion's real git port (tools/promotion/git-repo.ts) against a throwaway bare remote and a
 * clone with an uncommitted edit: it commits the stack file on a new branch from the fetched base,
 * pushes it, and leaves the checkout as it was. Registered by test/promote-run.test.ts.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gitRepo } from "../../tools/promotion/git-repo";
import { tempDir } from "../support/temp-dir";

export function gitPortTests(): void {
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
  const identity = {
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@t",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@t",
  };
  beforeAll(() => Object.assign(process.env, identity));
  afterAll(() => {
    for (const key of Object.keys(identity)) delete process.env[key];
  });

  test("commits on a new branch from the fetched base without touching the checkout, and pushes it", async () => {
    const remote = tempDir("slipway-remote-");
    git(remote, "init", "--quiet", "--bare", "--initial-branch=main");
    const clone = tempDir("slipway-clone-");
    git(clone, "init", "--quiet", "--initial-branch=main");
    git(clone, "remote", "add", "origin", remote);
    execFileSync("mkdir", ["deploy"], { cwd: clone });
    writeFileSync(join(clone, "deploy", "Pulumi.prod.yaml"), "config: {}\n");
    git(clone, "add", ".");
    git(clone, "commit", "--quiet", "-m", "first");
    git(clone, "push", "--quiet", "origin", "main");
    writeFileSync(join(clone, "deploy", "Pulumi.prod.yaml"), "# local edit\n");

    const repo = await gitRepo(join(clone, "deploy"));
    const base = await repo.base("main");
    expect(base.commit).toBe(git(clone, "rev-parse", "HEAD"));
    await expect(base.read("prod")).resolves.toBe("config: {}\n");
    await expect(base.read("qa")).resolves.toBeUndefined();
    const message = "Promote\n\nSlipway-Promotion: app=a from=dev to=prod release=1 verified=t image=i@sha256:x\n";
    const commit = await repo.commitStackFile({
      parent: base.commit,
      stack: "prod",
      text: "config: { a: 1 }\n",
      message,
      branch: "promote/a",
    });
    await repo.push("promote/a");

    expect(git(remote, "show", "promote/a:deploy/Pulumi.prod.yaml")).toBe("config: { a: 1 }");
    expect(git(remote, "rev-parse", "promote/a")).toBe(commit);
    expect(git(remote, "log", "-1", "--format=%(trailers:key=Slipway-Promotion,valueonly)", "promote/a")).toBe(
      "app=a from=dev to=prod release=1 verified=t image=i@sha256:x",
    );
    // The checkout is as it was: its branch, its index and its uncommitted edit.
    expect(git(clone, "rev-parse", "--abbrev-ref", "HEAD")).toBe("main");
    expect(git(clone, "status", "--porcelain")).toBe("M deploy/Pulumi.prod.yaml");
    expect(readFileSync(join(clone, "deploy", "Pulumi.prod.yaml"), "utf8")).toBe("# local edit\n");
    // A second promotion of the same release does not move an existing branch.
    await expect(
      repo.commitStackFile({ parent: base.commit, stack: "prod", text: "x: 1\n", message, branch: "promote/a" }),
    ).rejects.toThrow(/update-ref exited/);
    await expect(repo.base("--upload-pack=evil")).rejects.toThrow("--upload-pack=evil is not a valid branch name");
  });
}
