/** A build's tag is its content: unchanged source pushes nothing, changed source a new immutable tag. */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { buildDigest } from "../stacks/build-context";

const dir = `out/test-build-context-${process.pid}`;
const build = (overrides = {}) => ({ context: dir, args: {}, ...overrides });

beforeEach(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}/src`, { recursive: true });
  writeFileSync(`${dir}/Dockerfile`, "FROM scratch\nCOPY src /src\n");
  writeFileSync(`${dir}/src/index.html`, "<h1>v1</h1>");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("build content digest", () => {
  test("is stable for the same content and changes with any file, the Dockerfile or a build argument", () => {
    const first = buildDigest(".", build());
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(buildDigest(".", build())).toBe(first);
    expect(buildDigest(".", build({ args: { MODE: "prod" } }))).not.toBe(first);
    writeFileSync(`${dir}/src/index.html`, "<h1>v2</h1>");
    const second = buildDigest(".", build());
    expect(second).not.toBe(first);
    writeFileSync(`${dir}/Dockerfile`, "FROM scratch\n");
    expect(buildDigest(".", build())).not.toBe(second);
  });

  test("ignores what .dockerignore names at the top level, and .git", () => {
    writeFileSync(`${dir}/.dockerignore`, "tmp\n");
    const before = buildDigest(".", build());
    mkdirSync(`${dir}/tmp`);
    writeFileSync(`${dir}/tmp/scratch.txt`, "noise");
    mkdirSync(`${dir}/.git`);
    writeFileSync(`${dir}/.git/HEAD`, "ref: refs/heads/main");
    expect(buildDigest(".", build())).toBe(before);
  });

  test("a missing context has no digest (the config loader reports it by key)", () => {
    expect(buildDigest(".", build({ context: `${dir}/missing` }))).toBeUndefined();
  });
});
