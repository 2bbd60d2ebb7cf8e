/**
 * Carrying out a revert plan: as printed instructions, or written into `Pulumi.<stack>.yaml` with the
 * yaml Document API, which keeps the file's comments and layout. Secrets are never written here: they
 * need the stack's secrets provider, so `pulumi config set --secret --path` (or `setAllConfig`) does it.
 */
import { isScalar, parse, parseDocument, stringify, type Document, type Scalar } from "yaml";
import { configPath, type PlainEdit, type RevertPlan } from "./revert-plan";

export interface RevertContext {
  stack: string;
  stackFile: string;
  targetVersion: number;
}

function quote(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

export function revertInstructions(plan: RevertPlan, context: RevertContext): string[] {
  const { stack, stackFile, targetVersion } = context;
  if (plan.plain.length === 0 && plan.secrets.length === 0)
    return [`${stackFile} already holds v${targetVersion}'s config: nothing to revert.`];
  const lines = [
    `${stackFile} in this checkout does not hold v${targetVersion}'s config. Change it and merge before the next deploy,`,
    "or that deploy re-applies the release you rolled back:",
  ];
  for (const edit of plan.plain) {
    const where = configPath(edit.key, edit.path);
    lines.push(edit.kind === "delete" ? `  remove ${where}` : `  set    ${where} = ${JSON.stringify(edit.value)}`);
  }
  if (plan.secrets.length > 0) {
    lines.push(`Secrets (values not shown; use the ones v${targetVersion} ran with):`);
    for (const edit of plan.secrets) {
      const where = quote(configPath(edit.key, edit.path));
      const path = edit.path.length > 0 ? " --path" : "";
      lines.push(
        edit.kind === "delete"
          ? `  pulumi config rm${path} ${where} --stack ${stack}`
          : `  pulumi config set --secret${path} ${where} --stack ${stack}`,
      );
    }
  }
  return lines;
}

/**
 * The stack file with the plain edits applied. When every edit changes an existing scalar, the new
 * values are spliced into the text and every other byte stays as it was (a reviewable diff).
 * Otherwise the yaml Document is edited and re-printed: comments survive, layout may be normalised.
 */
export function applyPlainEdits(stackFile: string, edits: PlainEdit[]): string {
  const document = parseDocument(stackFile);
  const spliced = spliceScalars(stackFile, document, edits);
  if (spliced !== undefined) return spliced;
  for (const edit of edits) {
    const path = ["config", edit.key, ...edit.path];
    const node = document.getIn(path, true);
    if (edit.kind === "delete") document.deleteIn(path);
    // A scalar changed in place keeps its quoting and its trailing comment.
    else if (isScalar(node) && (edit.value === null || typeof edit.value !== "object")) node.value = edit.value;
    else document.setIn(path, document.createNode(edit.value));
  }
  return document.toString();
}

function spliceScalars(source: string, document: Document, edits: PlainEdit[]): string | undefined {
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  for (const edit of edits) {
    const node = edit.kind === "set" ? document.getIn(["config", edit.key, ...edit.path], true) : undefined;
    if (!isScalar(node) || !node.range) return undefined;
    const text = scalarText(node, edit.value);
    if (text === undefined) return undefined;
    replacements.push({ start: node.range[0], end: node.range[1], text });
  }
  replacements.sort((a, b) => b.start - a.start);
  return replacements.reduce((text, r) => `${text.slice(0, r.start)}${r.text}${text.slice(r.end)}`, source);
}

/** The value written in the node's own quoting style, if it fits on one line and reads back as itself. */
function scalarText(node: Scalar, value: unknown): string | undefined {
  if (value !== null && typeof value === "object") return undefined;
  let text: string;
  if (typeof value === "string" && node.type === "QUOTE_DOUBLE") text = JSON.stringify(value);
  else if (typeof value === "string" && node.type === "QUOTE_SINGLE") text = `'${value.replace(/'/g, "''")}'`;
  else if (node.type === "PLAIN") text = stringify(value, { lineWidth: 0 }).trimEnd();
  else return undefined;
  return !text.includes("\n") && parse(text) === value ? text : undefined;
}

/** The program is reverted by git, not by config: say so when the two releases ran different commits. */
export function programInstructions(
  current: { version: number; commit?: string },
  target: { version: number; commit: string },
): string[] {
  if (!current.commit || current.commit === target.commit) return [];
  const [from, to] = [target.commit.slice(0, 7), current.commit.slice(0, 7)];
  return [
    `The program differs too: v${current.version} ran commit ${to}, v${target.version} ran ${from}. The next deploy from your branch`,
    `runs its own program again: revert or fix what \`git log ${from}..${to}\` lists before then.`,
  ];
}
