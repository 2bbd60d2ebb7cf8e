/**
 * A stack file's YAML as Pulumi reads it. Merge keys (`<<: *common`, YAML 1.1) are accepted, as
 * Pulumi accepts them; an alias to an anchor that was never set is reported at its position (the
 * parser would only say that merge sources must be maps).
 */
import { LineCounter, parseDocument, visit } from "yaml";

export function parseStackYaml(text: string): unknown {
  const lines = new LineCounter();
  const document = parseDocument(text, { merge: true, lineCounter: lines });
  const [error] = document.errors;
  // The parser's first line has the position; the rest is an excerpt of the file.
  if (error) throw new Error(error.message.split("\n")[0].replace(/:$/, ""));
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document)) return;
      const { line, col } = lines.linePos(alias.range?.[0] ?? 0);
      throw new Error(
        `alias *${alias.source} at line ${line}, column ${col} refers to no anchor: set &${alias.source} before it`,
      );
    },
  });
  return document.toJS();
}
