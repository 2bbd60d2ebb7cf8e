/**
 * One Node version story: .nvmrc names the release CI and the workflows run, package.json's engines
 * admit it, and every installed dependency accepts it (npm warns EBADENGINE otherwise).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";

const nvmrc = readFileSync(".nvmrc", "utf8").trim();
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

test(".nvmrc names one exact release that package.json and the policy pack admit", () => {
  expect(semver.valid(nvmrc)).toBe(nvmrc);
  for (const file of ["package.json", "policy/package.json"]) {
    expect([file, semver.satisfies(nvmrc, json(file).engines.node)]).toEqual([file, true]);
  }
});

test("every installed package accepts that Node release and the lowest one engines admits", () => {
  const lowest = semver.minVersion(json("package.json").engines.node)!.version;
  const packages: Record<string, { engines?: { node?: string } }> = json("node_modules/.package-lock.json").packages;
  const refusing = Object.entries(packages)
    .filter(([, meta]) => typeof meta.engines?.node === "string")
    .filter(([, meta]) => ![nvmrc, lowest].every((v) => semver.satisfies(v, meta.engines!.node!)))
    .map(([path, meta]) => `${path}: ${meta.engines!.node}`);
  expect(refusing).toEqual([]);
});

test("CI and every workflow run the Node of .nvmrc", () => {
  expect(readFileSync(".ci/run", "utf8")).toContain("cat .nvmrc");
  const dir = ".github/workflows";
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), "utf8");
    const setups = text.match(/actions\/setup-node@\S+\n(\s+with:\n(\s+\S.*\n)+)/g) ?? [];
    for (const setup of setups) expect([file, setup.includes("node-version-file: .nvmrc")]).toEqual([file, true]);
    expect([file, /node-version:/.test(text)]).toEqual([file, false]);
  }
});
