/**
 * The descriptions of config keys, read from the JSDoc comments in config/: a key's comment is the one
 * on its property in the object literal (a `z.strictObject({...})` shape) whose keys all belong to the
 * schema object being described. Matching by key set needs no source positions, which zod does not keep.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
// By its file: jest.config.js stubs the bare "typescript" for the SDK, and this reader needs the real one.
import ts from "typescript/lib/typescript";

interface Literal {
  keys: Set<string>;
  docs: Map<string, string>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? sourceFiles(join(dir, entry.name))
        : entry.name.endsWith(".ts")
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** The first paragraph of a JSDoc comment, on one line. */
function jsDocText(node: ts.Node): string | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const comment = docs?.at(-1)?.comment;
  const text = typeof comment === "string" ? comment : comment?.map((part) => part.text).join("");
  return (
    text
      ?.split(/\n\s*\n/)[0]
      .replace(/\s+/g, " ")
      .trim() || undefined
  );
}

function literalsOf(file: string): Literal[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Literal[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const literal: Literal = { keys: new Set(), docs: new Map() };
      for (const property of node.properties) {
        if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
        const name = propertyName(property.name);
        if (name === undefined) continue;
        literal.keys.add(name);
        const doc = jsDocText(property);
        if (doc) literal.docs.set(name, doc);
      }
      if (literal.docs.size > 0) found.push(literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export type DescribeKey = (siblings: ReadonlyArray<string>, key: string) => string;

/** Looks up a key's description among the schema object's keys; the fullest matching literal wins. */
export function configDescriptions(configDir: string): DescribeKey {
  const literals = sourceFiles(configDir).flatMap(literalsOf);
  return (siblings, key) => {
    const within = new Set(siblings);
    const matching = literals
      .filter((literal) => literal.docs.has(key) && [...literal.keys].every((k) => within.has(k)))
      .sort((a, b) => b.keys.size - a.keys.size);
    return matching[0]?.docs.get(key) ?? "";
  };
}
