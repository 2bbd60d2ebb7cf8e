/** How the render reads a stack file's YAML: what Pulumi accepts is accepted, what it would mangle is refused. */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readStackFile } from "../../tools/harness/stack-file";
import { find, T } from "../support/stack";
import { renderStack } from "../../tools/harness/render-stack";

const dir = `out/test-stack-file-${process.pid}`;
beforeAll(() => mkdirSync(dir, { recursive: true }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stackFile(name: string, content: string | Buffer): string {
  const file = `${dir}/Pulumi.${name}.yaml`;
  writeFileSync(file, content);
  return file;
}

describe("YAML merge keys", () => {
  const file = () =>
    stackFile(
      "merge",
      `config:
  slipway:environment: dev
  slipway:cluster: { mode: existing, context: kind-slipway }
  slipway:apps:
    web: &app
      image: { repository: ghcr.io/acme/web, tag: "1.4.2" }
      port: 8080
      env: &env { LOG_LEVEL: info, REGION: eu }
    api:
      <<: *app
      image: { repository: ghcr.io/acme/api, tag: "2.0.0" }
      env:
        <<: *env
        LOG_LEVEL: debug
`,
    );

  test("are expanded as Pulumi expands them: later keys win over merged ones", () => {
    const apps: unknown = JSON.parse(readStackFile(file(), "merge").config["slipway:apps"]);
    expect(apps).toEqual({
      web: {
        image: { repository: "ghcr.io/acme/web", tag: "1.4.2" },
        port: 8080,
        env: { LOG_LEVEL: "info", REGION: "eu" },
      },
      api: {
        image: { repository: "ghcr.io/acme/api", tag: "2.0.0" },
        port: 8080,
        env: { LOG_LEVEL: "debug", REGION: "eu" },
      },
    });
  });

  test("a stack using them renders", async () => {
    const result = await renderStack(readStackFile(file(), "merge"));
    expect(find(result, T.configMap, "api-config").inputs.data).toEqual({ LOG_LEVEL: "debug", REGION: "eu" });
  });
});

describe("encoding", () => {
  const stack = (value: Buffer) =>
    Buffer.concat([
      Buffer.from("config:\n  slipway:environment: dev\n  slipway:apps:\n    web:\n      env:\n        MOTTO: "),
      value,
      Buffer.from("\n"),
    ]);

  test("a byte that is not UTF-8 is refused at its line and column, never turned into U+FFFD", () => {
    const file = stackFile("latin1", stack(Buffer.from("d\xe9j\xe0 vu", "latin1")));
    expect(() => readStackFile(file, "latin1")).toThrow(
      `${file}: cannot read stack file: not valid UTF-8 at line 6, column 17 (byte 0xe9); save the file as UTF-8`,
    );
  });

  test("UTF-8 text, multi-byte characters included, is read as written", () => {
    const file = stackFile("utf8", stack(Buffer.from("déjà vu – ✓", "utf8")));
    expect(JSON.parse(readStackFile(file, "utf8").config["slipway:apps"])).toEqual({
      web: { env: { MOTTO: "déjà vu – ✓" } },
    });
  });
});
