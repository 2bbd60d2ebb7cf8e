/**
 * What the workflows may read and which jobs may read it: id-token only where a job signs in by OIDC,
 * secrets only in jobs that run in a GitHub environment, settings from `vars`, and Pulumi Cloud by OIDC
 * when the organization is set (docs/ci.md). Registered by test/workflows.test.ts.
 */
import {
  calledFile,
  secretsOutsideEnvironments,
  steps,
  workflow,
  workflowFiles as files,
  workflowText as text,
  type Job,
} from "../support/workflows";

/** pulumi/auth-actions v2 inputs (its action.yml at v2.1.0). */
const PULUMI_AUTH_INPUTS = [
  "organization",
  "requested-token-type",
  "scope",
  "token-expiration",
  "export-environment-variables",
  "cloud-url",
];

export function credentialTests(): void {
  /** Whether a job needs GitHub's OIDC token: it assumes a role or signs in to Pulumi Cloud itself, or calls a workflow that does. */
  const needsIdToken = (job: Job): boolean =>
    (job.steps ?? []).some((s) =>
      /^(aws-actions\/configure-aws-credentials|pulumi\/auth-actions)@/.test(s.uses ?? ""),
    ) || Object.values(calledFile(job) ? workflow(calledFile(job)!).jobs : {}).some(needsIdToken);

  test.each(files)("%s grants id-token: write to exactly the jobs that need it", (file) => {
    for (const [name, job] of Object.entries(workflow(file).jobs)) {
      expect([name, job.permissions?.["id-token"]]).toEqual([name, needsIdToken(job) ? "write" : undefined]);
    }
    expect(workflow(file).permissions).toEqual({ contents: "read" });
  });

  test.each(files)("%s reads secrets only in jobs that run in a GitHub environment", (file) => {
    expect(secretsOutsideEnvironments(workflow(file))).toEqual([]);
  });

  test("a job reading a secret without an environment, or handing its secrets to a called workflow, is caught", () => {
    const hostile = workflow("preview.yml");
    const { environment: _environment, ...preview } = hostile.jobs.preview;
    expect(
      secretsOutsideEnvironments({
        ...hostile,
        jobs: {
          ...hostile.jobs,
          preview,
          wave: { uses: "./.github/workflows/deploy-wave.yml", secrets: "inherit" },
        },
      }),
    ).toEqual(["preview", "wave"]);
  });

  test("each job reading stack secrets runs in its stack's environment: preview-, deploy- or drift-<stack>", () => {
    expect(workflow("preview.yml").jobs.preview.environment).toBe("preview-${{ matrix.stack }}");
    expect(workflow("deploy-stack.yml").jobs.up.environment).toBe("deploy-${{ inputs.stack }}");
    expect(workflow("drift.yml").jobs.drift.environment).toBe("drift-${{ matrix.stack }}");
    for (const job of ["up", "destroy", "sweep"])
      expect(workflow("review.yml").jobs[job].environment).toBe("review-${{ matrix.review.source }}");
  });

  test.each(files)("%s reads only secrets from secrets; settings come from vars", (file) => {
    const secrets = new Set([...text(file).matchAll(/secrets\.(\w+)/g)].map((m) => m[1]));
    expect([...secrets].filter((name) => !["PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"].includes(name))).toEqual(
      [],
    );
  });

  test.each(files.filter((file) => steps(workflow(file)).some((s) => s.uses?.startsWith("pulumi/actions@"))))(
    "%s signs in to Pulumi Cloud by OIDC when vars.PULUMI_ORGANIZATION is set, else with the token secret",
    (file) => {
      for (const job of Object.values(workflow(file).jobs).filter((j) =>
        j.steps?.some((s) => s.uses?.startsWith("pulumi/actions@")),
      )) {
        const jobSteps = job.steps!;
        const login = jobSteps.find((s) => s.uses?.startsWith("pulumi/auth-actions@"))!;
        // A pull request's jobs get a token of a team (previews: stack read; review apps: review stacks),
        // never the organization's.
        const team = { "preview.yml": "PULUMI_PREVIEW_TEAM", "review.yml": "PULUMI_REVIEW_TEAM" }[file];
        const token =
          team !== undefined
            ? { "requested-token-type": "urn:pulumi:token-type:access_token:team", scope: `team:\${{ vars.${team} }}` }
            : { "requested-token-type": "urn:pulumi:token-type:access_token:organization" };
        expect(login).toMatchObject({
          id: "pulumi-login",
          if: "vars.PULUMI_ORGANIZATION != ''",
          uses: expect.stringMatching(/^pulumi\/auth-actions@[0-9a-f]{40}$/),
          with: { organization: "${{ vars.PULUMI_ORGANIZATION }}", ...token },
        });
        expect(Object.keys(login.with!).filter((key) => !PULUMI_AUTH_INPUTS.includes(key))).toEqual([]);
        // Every step that talks to the backend gets the exchanged token, or the secret without one.
        const backend = jobSteps.filter(
          (s) => s.with?.command !== undefined || /npm run (rollback|review -- (up|destroy|sweep))/.test(s.run ?? ""),
        );
        expect(backend.length).toBeGreaterThan(0);
        for (const step of backend) {
          expect(jobSteps.indexOf(step)).toBeGreaterThan(jobSteps.indexOf(login));
          expect(step.env?.PULUMI_ACCESS_TOKEN).toBe(
            "${{ steps.pulumi-login.outputs.pulumi-access-token || secrets.PULUMI_ACCESS_TOKEN }}",
          );
        }
      }
    },
  );
}
