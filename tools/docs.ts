/**
 * `npm run docs [-- --check]`: writes the generated docs pages (docs/config-reference.md, from the
 * config schema); with --check, writes nothing and exits 1 when a committed page differs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { runCommand } from "./cli";
import { docsCommand } from "./commands";
import { configReference } from "./docs/config-reference";

const CONFIG_REFERENCE = "docs/config-reference.md";

function docs({ check }: { check: boolean }): Promise<number> {
  const generated = configReference();
  if (!check) {
    writeFileSync(CONFIG_REFERENCE, generated);
    console.log(`Written ${CONFIG_REFERENCE}`);
    return Promise.resolve(0);
  }
  const committed = readFileSync(CONFIG_REFERENCE, "utf8");
  if (committed === generated) return Promise.resolve(0);
  console.error(`${CONFIG_REFERENCE} differs from the config schema: run npm run docs and commit it`);
  return Promise.resolve(1);
}

runCommand(docsCommand, docs);
