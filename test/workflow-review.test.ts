/**
 * The review-app lifecycle docs/review-apps.md promises, as review.yml encodes it: which events run
 * up, destroy and sweep, for which sources, in whose environment and with which role, and that a
 * fork's pull request gets only an offline render, made without secrets and commented by a job that
 * runs none of its code. The checks every workflow passes (actionlint, pins, OIDC, secrets) are in
 * workflows.test.ts.
 */
import { workflow } from "./support/workflows";
describe("review.yml", () => {
  const wf = workflow("review.yml");
  const run = (job: string) => wf.jobs[job].steps!.map((s) => s.run ?? "").join("\n");
  const FORK = "github.event.pull_request.head.repo.full_name != github.repository";

  test("pull requests open, update and close review stacks; a schedule sweeps them", () => {
    expect(wf.on).toEqual({
      pull_request: { branches: ["main"], types: ["opened", "synchronize", "reopened", "closed"] },
      schedule: [{ cron: "23 */6 * * *" }],
    });
    expect(run("up")).toContain('npm run review -- up --source "$SOURCE" --pr "$PR" --base "$BASE_SHA"');
    expect(run("destroy")).toContain('npm run review -- destroy --source "$SOURCE" --pr "$PR"');
    expect(run("sweep")).toContain('npm run review -- sweep --source "$SOURCE"');
    expect(wf.jobs.up.if).toContain("github.event.action != 'closed'");
    expect(wf.jobs.destroy.if).toContain("github.event.action == 'closed'");
    expect(wf.jobs.sweep.if).toContain("github.event_name == 'schedule'");
  });

  test("a push reviews only the granted apps stacks it affects", () => {
    expect(run("plan")).toContain("npm run --silent review -- sources");
    expect(run("plan")).toContain('npm run --silent affected-stacks -- --base "$BASE_SHA"');
    for (const job of ["up", "destroy", "sweep"])
      expect(wf.jobs[job].strategy?.matrix).toEqual({ review: "${{ fromJSON(needs.plan.outputs.sources) }}" });
  });

  test("each source deploys as its grant's role, one run per pull request's stack at a time, never cancelled", () => {
    for (const job of ["up", "destroy", "sweep"]) {
      const aws = wf.jobs[job].steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
      expect([job, aws.with?.["role-to-assume"]]).toEqual([job, "${{ vars.AWS_ROLE_ARN }}"]);
    }
    for (const job of ["up", "destroy"])
      expect(wf.jobs[job].concurrency).toEqual({
        group: "review-${{ matrix.review.source }}-pr-${{ github.event.pull_request.number }}",
        "cancel-in-progress": false,
      });
  });

  test("a fork's pull request never reaches an environment: it gets the offline render, commented by a job that runs none of its code", () => {
    expect(wf.jobs.plan.steps!.find((s) => s.id === "sources")?.env?.FORK).toContain(FORK);
    for (const job of ["up", "destroy"]) expect(wf.jobs[job].if).toContain("needs.plan.outputs.fork == 'false'");
    const render = wf.jobs["fork-render"];
    expect(render.if).toContain("needs.plan.outputs.fork == 'true'");
    expect([render.environment, render.permissions, JSON.stringify(render).includes("secrets.")]).toEqual([
      undefined,
      undefined,
      false,
    ]);
    expect(run("fork-render")).toContain('npm run --silent render -- --review "$source" --pr "$PR"');
    const comment = wf.jobs["fork-comment"];
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.steps!.map((s) => s.uses ?? s.run)).toEqual([
      'gh pr comment "$PR" --repo "$REPO" --body "$COMMENT"',
    ]);
  });
});
