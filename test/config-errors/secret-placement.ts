/**
 * Secrets only under slipway:secrets: a value set with `--secret --path 'slipway:apps.…'` would be
 * deployed in plain text, so both the program (real engine: it knows which keys are secret) and the
 * render's stack-file reader (it sees each `secure:` leaf) refuse it. The render's placeholder for a
 * secure value follows its ciphertext, so a rotation shows as a change of that app's Secret.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { ConfigError } from "../../config/errors";
import { diffRecords, resourceRecords } from "../../tools/harness/render-files";
import { renderStack } from "../../tools/harness/render-stack";
import type { StackInput } from "../../tools/harness/run-program";
import { readStackFile } from "../../tools/harness/stack-file";
import { at, find, rejectedInput, stackInput, T, webApp } from "../support/stack";

const dir = `out/test-secret-placement-${process.pid}`;
beforeAll(() => mkdirSync(dir, { recursive: true }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The program's config problems for a runtime config; nothing may be registered before them. */
async function programProblems(input: StackInput): Promise<string[]> {
  const { messages, registered } = await rejectedInput(input);
  expect(registered).toEqual([]);
  return messages;
}

function stackFile(name: string, text: string): string {
  const file = `${dir}/Pulumi.${name}.yaml`;
  writeFileSync(file, text);
  return file;
}

function readerProblems(file: string): string[] {
  try {
    readStackFile(file, "test");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.key}: ${p.message}`);
    throw error;
  }
  throw new Error("expected the stack file to be rejected");
}

const LOCAL = `config:
  slipway:environment: dev
  slipway:cluster: { mode: existing, context: kind-slipway }
`;

describe("the program (real engine path) refuses secrets outside slipway:secrets", () => {
  const config = { environment: "dev", apps: { web: webApp({ env: { DATABASE_URL: "postgres://decrypted" } }) } };

  test("slipway:apps marked secret by the engine is refused with the command that stores it right", async () => {
    const input = { ...stackInput(config), secretKeys: ["slipway:apps"] };
    const problems = await programProblems(input);
    expect(problems).toEqual([
      "slipway:apps: holds a value set with --secret, but only slipway:secrets may hold secrets (the program would deploy it in plain text); store it with pulumi config set --secret --path 'slipway:secrets.<app>.<NAME>' … and remove it with pulumi config rm --path '<its key under slipway:apps>'",
    ]);
    expect(problems.join("\n")).not.toContain("decrypted");
  });

  test("any other slipway key marked secret is refused too", async () => {
    const input = { ...stackInput({ environment: "dev" }), secretKeys: ["slipway:environment"] };
    expect(await programProblems(input)).toEqual([expect.stringMatching(/^slipway:environment: holds a value set/)]);
  });

  test("slipway:secrets that the engine does not mark secret holds plain values: refused", async () => {
    const input = {
      ...stackInput({ environment: "dev", apps: { web: webApp() }, secrets: { web: { TOKEN: "plain" } } }),
      secretKeys: [],
    };
    const problems = await programProblems(input);
    expect(problems).toEqual([expect.stringMatching(/^slipway:secrets: expected encrypted values/)]);
  });
});

describe("the render's stack-file reader refuses secure leaves outside slipway:secrets", () => {
  test("an env value set with --secret names its exact key and the right command", () => {
    const file = stackFile(
      "env-secret",
      `${LOCAL}  slipway:apps:
    web:
      image: { repository: ghcr.io/acme/web, tag: "1.0.0" }
      env:
        DATABASE_URL:
          secure: v1:abc:AAAA
`,
    );
    expect(readerProblems(file)).toEqual([
      "slipway:apps.web.env.DATABASE_URL: an encrypted (secure) value outside slipway:secrets would be deployed in plain text; store it with pulumi config set --secret --path 'slipway:secrets.web.DATABASE_URL' … and remove it with pulumi config rm --path 'slipway:apps.web.env.DATABASE_URL'",
    ]);
  });

  test("a plain value under slipway:secrets is refused by its key", () => {
    const file = stackFile("plain-secret", `${LOCAL}  slipway:secrets:\n    web:\n      TOKEN: in-clear\n`);
    expect(readerProblems(file)).toEqual([
      "slipway:secrets.web.TOKEN: expected an encrypted value; set it again with pulumi config set --secret --path 'slipway:secrets.web.TOKEN' …",
    ]);
  });

  test("secure values of other namespaces (a provider's credentials) are accepted as secret keys", () => {
    const file = stackFile("provider-secret", `${LOCAL}  kubernetes:kubeconfig:\n    secure: v1:abc:AAAA\n`);
    expect(readStackFile(file, "test").secretKeys).toEqual(["kubernetes:kubeconfig"]);
  });
});

describe("the render's placeholder follows the ciphertext", () => {
  const stack = (webCipher: string) =>
    stackFile(
      `rotation-${webCipher}`,
      `${LOCAL}  slipway:apps:
    web: { image: { repository: ghcr.io/acme/web, tag: "1.0.0" } }
    api: { image: { repository: ghcr.io/acme/api, tag: "1.0.0" } }
  slipway:secrets:
    web:
      DATABASE_URL:
        secure: v1:${webCipher}
    api:
      DATABASE_URL:
        secure: v1:c2FsdA==:apiCIPHER
`,
    );

  test("never shows the ciphertext, and is stable for the same ciphertext", () => {
    const first = readStackFile(stack("c2FsdA==:webONE"), "test").config["slipway:secrets"];
    expect(first).not.toContain("webONE");
    expect(readStackFile(stack("c2FsdA==:webONE"), "test").config["slipway:secrets"]).toBe(first);
  });

  test("a rotated secret changes that app's Secret and workload, and nothing else", async () => {
    const before = await renderStack(readStackFile(stack("c2FsdA==:webONE"), "test"));
    const after = await renderStack(readStackFile(stack("c2FsdA==:webTWO"), "test"));
    const changes = diffRecords(resourceRecords(before), resourceRecords(after));
    expect(changes.changed.map((urn) => urn.split("::").pop()).sort()).toEqual(["web-secrets", "web-web"]);
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
    const name = (result: typeof before) => at(find(result, T.secret, "web-secrets").inputs, "metadata.name");
    expect(name(after)).not.toBe(name(before));
  });
});
