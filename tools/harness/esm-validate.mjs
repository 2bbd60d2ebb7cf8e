/**
 * Validates custom resources whose models are ESM-only (@kubernetes-models/karpenter and
 * external-secrets 2.x). Jest's module system cannot load ESM, so k8s-schema.ts runs this file with
 * plain Node in a child process: argv[2] maps API groups to packages, stdin holds the objects, stdout
 * gets one list of problems per object.
 */
import { readFileSync } from "node:fs";

const packages = JSON.parse(process.argv[2]);
const objects = JSON.parse(readFileSync(0, "utf8"));

async function problemsOf(object) {
  const [group, version] = object.apiVersion.split("/");
  let Model;
  try {
    Model = (await import(`${packages[group]}/${group}/${version}/${object.kind}`))[object.kind];
  } catch {
    Model = undefined;
  }
  if (!Model)
    return [`no schema for ${object.apiVersion} ${object.kind}: add its models package to tools/harness/k8s-schema.ts`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    if (!error.errors) throw error;
    return error.errors.map((e) => `${e.instancePath || "/"}: ${e.message}`);
  }
}

const results = [];
for (const object of objects) results.push(await problemsOf(object));
process.stdout.write(JSON.stringify(results));
