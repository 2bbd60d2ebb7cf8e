/** A build's tag is its content: unchanged source pushes nothing, changed source a new immutable tag. */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { buildDigest } from "../stacks/build-context";

const dir = `out/test-build-context-${process.pid}`;
const build = (overrides = {}) => ({ context: dir, args: {}, ...overrides });
const digestOf = (overrides = {}) => {
  const result = buildDigest(".", build(overrides));
  if (!("digest" in result)) throw new Error(`unexpected problem: ${result.message}`);
  return result.digest;
};

beforeEach(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}/src`, { recursive: true });
  writeFileSync(`${dir}/Dockerfile`, "FROM scratch\nCOPY src /src\n");
  writeFileSync(`${dir}/src/index.html`, "<h1>v1</h1>");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("build content digest", () => {
  test("is stable for the same content and changes with any file, the Dockerfile or a build argument", () => {
    const first = digestOf();
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(digestOf()).toBe(first);
    expect(digestOf({ args: { MODE: "prod" } })).not.toBe(first);
    writeFileSync(`${dir}/src/index.html`, "<h1>v2</h1>");
    const second = digestOf();
    expect(second).not.toBe(first);
    writeFileSync(`${dir}/Dockerfile`, "FROM scratch\n");
    expect(digestOf()).not.toBe(second);
  });

  test("does not depend on the order of build arguments in the stack file", () => {
    const ordered = digestOf({ args: { NODE_ENV: "production", VERSION: "1.4.2" } });
    expect(digestOf({ args: { VERSION: "1.4.2", NODE_ENV: "production" } })).toBe(ordered);
    expect(digestOf({ args: { VERSION: "1.4.3", NODE_ENV: "production" } })).not.toBe(ordered);
  });

  test("ignores what .dockerignore names at the top level, and .git", () => {
    writeFileSync(`${dir}/.dockerignore`, "tmp\n");
    const before = digestOf();
    mkdirSync(`${dir}/tmp`);
    writeFileSync(`${dir}/tmp/scratch.txt`, "noise");
    mkdirSync(`${dir}/.git`);
    writeFileSync(`${dir}/.git/HEAD`, "ref: refs/heads/main");
    expect(digestOf()).toBe(before);
  });

  test("a missing context is a problem of the context key", () => {
    expect(buildDigest(".", build({ context: `${dir}/missing` }))).toEqual({
      field: "context",
      message: `expected a directory of the project, but ${dir}/missing does not exist`,
    });
  });
});

describe("a build cannot leave the project", () => {
  test("a context that is a link out of the project is refused", () => {
    symlinkSync("/etc", `${dir}/etc-link`);
    expect(buildDigest(".", build({ context: `${dir}/etc-link` }))).toEqual({
      field: "context",
      message: `expected a directory inside the project, but ${dir}/etc-link leads outside it (to /etc)`,
    });
  });

  test("a Dockerfile that is a link out of the project is refused by the dockerfile key", () => {
    symlinkSync("/etc/hostname", `${dir}/Dockerfile.out`);
    expect(buildDigest(".", build({ dockerfile: `${dir}/Dockerfile.out` }))).toEqual({
      field: "dockerfile",
      message: "expected a Dockerfile inside the project, but it leads to /etc/hostname",
    });
  });

  test("links inside the context are hashed by their target text, never followed (no loop, no escape)", () => {
    const before = digestOf();
    symlinkSync("/", `${dir}/src/root`);
    symlinkSync("loop", `${dir}/src/loop`);
    const withLinks = digestOf();
    expect(withLinks).not.toBe(before);
    rmSync(`${dir}/src/root`);
    symlinkSync("/usr", `${dir}/src/root`);
    expect(digestOf()).not.toBe(withLinks);
  });

  test("a FIFO or a socket in the context is never opened: the walk does not hang", async () => {
    execFileSync("mkfifo", [`${dir}/src/pipe`]);
    const server = createServer();
    await new Promise<void>((done) => server.listen(resolve(`${dir}/src/dev.sock`), done));
    try {
      const first = digestOf();
      expect(digestOf()).toBe(first);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  test("a Dockerfile that is a FIFO is refused without reading it", () => {
    execFileSync("mkfifo", [`${dir}/Dockerfile.fifo`]);
    expect(buildDigest(".", build({ dockerfile: `${dir}/Dockerfile.fifo` }))).toEqual({
      field: "dockerfile",
      message: `expected a Dockerfile as a regular file, but ${resolve(dir)}/Dockerfile.fifo is not one`,
    });
  });
});
