/**
 * A stack file's bytes as Pulumi reads them. Stack files are UTF-8: a byte that is not (a file saved
 * as Latin-1) would become U+FFFD in a ConfigMap, so it is refused at its line and column. Merge keys (`<<: *common`, YAML 1.1) are accepted, as
 * Pulumi accepts them; an alias to an anchor that was never set is reported at its position (the
 * parser would only say that merge sources must be maps). Nesting, alias cycles and expansion, and
 * numbers JSON cannot carry are bounded by ./yaml-limits.ts.
 */
import { LineCounter, parseDocument, visit } from "yaml";
import { aliasCycleProblems, aliasExpansionProblem, nestingProblem, numberProblems } from "./yaml-limits";

const strict = new TextDecoder("utf-8", { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Where the first byte that is not UTF-8 is, as a line, a column (in characters) and the byte. */
function firstInvalidByte(bytes: Buffer): string {
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start);
    const text = bytes.subarray(start, end < 0 ? bytes.length : end);
    if (!isUtf8(text)) {
      let valid = 0;
      for (let length = 1; length <= text.length; length++) if (isUtf8(text.subarray(0, length))) valid = length;
      const column = [...strict.decode(text.subarray(0, valid))].length + 1;
      return `line ${line}, column ${column} (byte 0x${text[valid].toString(16).padStart(2, "0")})`;
    }
    start = end + 1;
  }
}

function decode(bytes: Buffer): string {
  if (isUtf8(bytes)) return strict.decode(bytes);
  throw new Error(`not valid UTF-8 at ${firstInvalidByte(bytes)}; save the file as UTF-8`);
}

export function parseStackYaml(bytes: Buffer): unknown {
  const text = decode(bytes);
  const tooDeep = nestingProblem(text);
  if (tooDeep) throw new Error(tooDeep);
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
  const cycles = aliasCycleProblems(document, lines);
  const expansion = cycles.length > 0 ? undefined : aliasExpansionProblem(document);
  const problems = [...cycles, ...(expansion ? [expansion] : []), ...numberProblems(document, lines, text)];
  if (problems.length > 0) throw new Error(problems.join("\n"));
  // The budget above replaces the parser's own alias heuristic, which refuses a hundred merge keys.
  return document.toJS({ maxAliasCount: -1 });
}
