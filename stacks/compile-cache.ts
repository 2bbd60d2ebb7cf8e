/**
 * Imported first by the program's entry (stacks/index.ts): every `pulumi preview` and `up` is a new
 * Node process that compiles the same ~2,000 modules (the SDK, the providers' modules, the bundle)
 * before the first resource, and CI runs one per stack. Node's module compile cache keeps V8's code
 * cache on disk so that later processes skip most of that (docs/performance.md). Node 22 (.nvmrc):
 * `module.enableCompileCache()` without a directory uses `NODE_COMPILE_CACHE` if set, else
 * `<os tmpdir>/node-compile-cache`; it never throws, and `NODE_DISABLE_COMPILE_CACHE=1` turns it off
 * (nodejs/node v22.23.3 doc/api/module.md, "Module compile cache"). An older Node (before 22.1) has no
 * such function and runs without the cache.
 */
import Module from "node:module";

if (typeof Module.enableCompileCache === "function") Module.enableCompileCache();
