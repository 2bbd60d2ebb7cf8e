/**
 * Imported first by the program's entry (stacks/index.ts), before anything loads @pulumi/pulumi. The
 * SDK's root loads three large modules at start-up only to serialize function closures, which Slipway
 * never does: npm's arborist and normalize-package-data (runtime/closure/codePaths.js) and the
 * TypeScript compiler (typescript-shim.js, for runtime/closure/parseFunction.js), all through
 * automation/index.js → runtime/index.js in @pulumi/pulumi 3.248.0. Together ~1 s of CPU in every
 * `pulumi preview`'s start (docs/performance.md). Each is replaced by a stand-in that loads the real
 * module the first time it is used, so closure serialization still works if a change needs it.
 */
import Module from "node:module";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;

/** The modules, and whether the SDK reaches them through TypeScript's `__importStar`. */
const LAZY_SDK_MODULES: Record<string, "namespace" | "value"> = {
  "@npmcli/arborist": "namespace",
  "normalize-package-data": "value",
  typescript: "value",
};

/**
 * A stand-in for a module whose export is used as a value (called, constructed, or its members read).
 * `__esModule` is answered without loading, as `__importDefault` asks it at import: none of these
 * modules sets it.
 */
function lazyValue(real: () => object): object {
  return new Proxy(function stand() {}, {
    get: (_target, key): unknown => (key === "__esModule" ? undefined : Reflect.get(real(), key)),
    has: (_target, key) => key in real(),
    apply: (_target, self, args): unknown => Reflect.apply(real() as () => unknown, self, args),
    construct: (_target, args): object => Reflect.construct(real() as new () => object, args) as object,
  });
}

/**
 * `__importStar` copies a namespace's own keys at import, which would load it: arborist's stand-in is
 * a namespace holding the one export the SDK uses, a class that constructs the real one.
 */
function lazyArborist(real: () => { Arborist: new (...args: unknown[]) => object }): object {
  class Arborist {
    constructor(...args: unknown[]) {
      return new (real().Arborist)(...args);
    }
  }
  return { Arborist };
}

loader._load = function lazyLoad(request, parent, isMain) {
  if (!Object.hasOwn(LAZY_SDK_MODULES, request)) return load.call(this, request, parent, isMain);
  let loaded: unknown;
  const real = () => (loaded ??= load.call(loader, request, parent, isMain)) as never;
  return LAZY_SDK_MODULES[request] === "namespace" ? lazyArborist(real) : lazyValue(real);
};
