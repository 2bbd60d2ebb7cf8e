/**
 * What a stack file may make its YAML parser do. A stack file is small and flat; one that nests
 * deeper than any config key (the parser then recurses until the JS stack overflows), aliases a node
 * inside itself (a structure that never ends), or multiplies one large value through aliases (a small
 * file that renders tens of megabytes) is refused with where it happens, before anything else reads it.
 * These are Slipway's own budgets: far above what any stack config needs, far below what hurts.
 */
import { CST, isAlias, isCollection, isPair, isScalar, LineCounter, Parser, visit } from "yaml";
import type { Document, Node as YamlNode } from "yaml";

/** The deepest config key is about a dozen levels down (chart values); 64 leaves room. */
const MAX_NESTING_DEPTH = 64;
/** Aliases (and merge keys) may add at most this much to a document, counted as JSON after expansion. */
const MAX_ALIAS_EXPANSION_BYTES = 1024 * 1024;

const where = (lines: LineCounter, offset: number) => {
  const { line, col } = lines.linePos(offset);
  return `line ${line}, column ${col}`;
};

/**
 * The first place the text nests deeper than MAX_NESTING_DEPTH, measured on the parser's concrete
 * syntax tree with an explicit stack: the tree is built without recursion, the document is not.
 */
export function nestingProblem(text: string): string | undefined {
  const lines = new LineCounter();
  const stack: { token: CST.Token | undefined; depth: number }[] = [];
  for (const token of new Parser(lines.addNewLine).parse(text)) stack.push({ token, depth: 0 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token === undefined) continue;
    if (token.type === "document") stack.push({ token: token.value, depth });
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    if (depth + 1 > MAX_NESTING_DEPTH)
      return `nests deeper than ${MAX_NESTING_DEPTH} levels at ${where(lines, token.offset)}; a stack config is never that deep`;
    for (const item of token.items) {
      if ("key" in item) stack.push({ token: item.key ?? undefined, depth: depth + 1 });
      stack.push({ token: item.value, depth: depth + 1 });
    }
  }
  return undefined;
}

/** A key path for messages: `slipway:apps.web.env` from the pairs above a node. */
function keyPath(path: readonly unknown[]): string {
  const keys = path.filter(isPair).map((pair) => {
    // A merge key (`<<`) is read as a symbol; name it as written.
    const key = isScalar(pair.key) ? pair.key.value : "?";
    return typeof key === "symbol" ? (key.description ?? "?") : String(key);
  });
  return (keys[0] === "config" ? keys.slice(1) : keys).join(".") || "(top level)";
}

/** An alias inside the node it names, anywhere up its path: expanding it never ends. */
export function aliasCycleProblems(document: Document, lines: LineCounter): string[] {
  const problems: string[] = [];
  visit(document, {
    Alias(_, alias, path) {
      const target = alias.resolve(document);
      if (target && path.includes(target))
        problems.push(
          `${keyPath(path)}: alias *${alias.source} at ${where(lines, alias.range?.[0] ?? 0)} is inside the node &${alias.source} names, so it never ends; copy the values instead`,
        );
    },
  });
  return problems;
}

/** JSON size of each node after expansion, each anchored node measured once. */
function sizer(document: Document) {
  const sizes = new Map<YamlNode, number>();
  const size = (node: unknown): number => {
    if (isAlias(node)) return size(node.resolve(document));
    if (!isScalar(node) && !isCollection(node)) return 4;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    const measured = isScalar(node)
      ? String(node.value).length + 2
      : node.items.reduce<number>(
          (sum, item) => sum + 1 + (isPair(item) ? size(item.key) + size(item.value) : size(item)),
          2,
        );
    sizes.set(node, measured);
    return measured;
  };
  return size;
}

/** Every alias copies its node once more: their total may not pass MAX_ALIAS_EXPANSION_BYTES. */
export function aliasExpansionProblem(document: Document): string | undefined {
  const size = sizer(document);
  let added = 0;
  visit(document, {
    Alias(_, alias) {
      added += size(alias);
    },
  });
  if (added <= MAX_ALIAS_EXPANSION_BYTES) return undefined;
  return `aliases expand the file by ${added} bytes; at most ${MAX_ALIAS_EXPANSION_BYTES} may come from aliases and merge keys (write large values once, where they are used)`;
}

/**
 * Numbers JSON cannot carry (`.inf`, `.nan`, `1e400`) would arrive as null, and integers past 2^53
 * would arrive as a different number: each is refused at its key.
 */
export function numberProblems(document: Document, lines: LineCounter, text: string): string[] {
  const problems: string[] = [];
  visit(document, {
    Scalar(_, scalar, path) {
      if (typeof scalar.value !== "number") return;
      const [start, end] = scalar.range ?? [0, 0];
      const source = text.slice(start, end).trim();
      const at = `${keyPath(path)} (${where(lines, start)})`;
      if (!Number.isFinite(scalar.value))
        problems.push(`${at}: ${source} is not a finite number; quote it if it is text`);
      else if (/^[-+]?[0-9]+$/.test(source) && !Number.isSafeInteger(scalar.value))
        problems.push(
          `${at}: ${source} is out of range (integers up to ${Number.MAX_SAFE_INTEGER}); quote it if it is text`,
        );
    },
  });
  return problems;
}
