/**
 * jest's module runtime (jest-runtime), plus a V8 code cache shared by the test files of one worker,
 * and per-worker memos of what jest would otherwise redo for every test file: the text of files that
 * cannot change during a run, each import's resolution and each file's transform (see below).
 *
 * jest gives every test file a fresh module registry in a fresh vm context, so each file that starts a
 * gateway compiles the same ~6 MB of JavaScript again (graphql, fastify, @apollo/server, type-graphql,
 * class-validator, the LiveKit protocol, jose, got and the gateway itself): most of a second of CPU
 * per file. V8 can skip most of that work when it is handed the code cache of an earlier compile of the
 * same source. This runtime keeps those caches in memory, per worker process, keyed by file and
 * source text; modules are still evaluated afresh in every test file (nothing is shared but compiled
 * code), so test isolation is unchanged. A cache V8 rejects is ignored and the source compiled as usual.
 *
 * - CommonJS modules: compiled as a vm.Script of jest's own wrapper function; its cache is taken after
 *   the test file ran, so it also holds the functions that were compiled lazily while it ran.
 * - ES modules (vm.SourceTextModule): V8 can only make their cache before they run, so it holds the
 *   eagerly compiled code.
 */
'use strict';
const path = require('node:path');
const vm = require('node:vm');
const JestRuntime = require('jest-runtime').default;

/** file → the source it had and V8's code cache for it (a changed source replaces the entry) */
const codeCache = new Map();
/** CommonJS scripts compiled by the running test file whose cache is still to be taken: [file, source, script]. */
let pending = [];

/**
 * Node 20 loses a module's dynamic-import callback when V8 builds the module from a code cache
 * (import() then fails with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so a source that may call
 * import() is always compiled from scratch.
 */
const mayImportDynamically = (source) => /\bimport\s*\(/.test(source);

function cachedDataFor(filename, source) {
  const entry = codeCache.get(filename);
  return entry && entry.source === source ? entry.data : undefined;
}

if (typeof vm.SourceTextModule === 'function' && !vm.SourceTextModule.codeCached) {
  const Base = vm.SourceTextModule;
  class CachedSourceTextModule extends Base {
    static codeCached = true;
    constructor(source, options = {}) {
      const filename = mayImportDynamically(source) ? undefined : options.identifier;
      const cachedData = filename ? cachedDataFor(filename, source) : undefined;
      super(source, cachedData ? { ...options, cachedData } : options);
      if (filename && (!cachedData || this.cachedDataRejected)) codeCache.set(filename, { source, data: this.createCachedData() });
    }
  }
  vm.SourceTextModule = CachedSourceTextModule;
}

/** jest's compile of a CommonJS module (a function of jest's module parameters), through a vm.Script with a code cache. */
function compileCached(executor, jestCompile, source, filename) {
  const context = executor.environment.getVmContext();
  if (context == null || executor.resolution.isCoreModule(filename) || mayImportDynamically(source)) return jestCompile(source, filename);
  // The function jest's own compileFunction makes, opened on the first line so line numbers hold.
  const wrapped = `(function (${executor.injectedModuleParameters.join(', ')}) {${source}\n})`;
  const cachedData = cachedDataFor(filename, wrapped);
  let script;
  try {
    // No import() callback: a source that may call import() was left to jest above.
    script = new vm.Script(wrapped, { filename, cachedData });
  } catch {
    return jestCompile(source, filename); // jest reports the syntax error its own way
  }
  if (!cachedData || script.cachedDataRejected) pending.push([filename, wrapped, script]);
  return script.runInContext(context);
}

/**
 * Files whose text cannot change while the tests run: the installed packages and the project's own
 * sources. Their text is read once per worker (jest reads it again for every test file otherwise).
 */
const rootDir = path.resolve(__dirname, '..', '..');
const STABLE = [path.join(rootDir, 'node_modules') + path.sep, path.join(rootDir, 'src') + path.sep, path.join(rootDir, 'client') + path.sep, path.join(rootDir, 'test', 'support') + path.sep];
const isStable = (filename) => typeof filename === 'string' && STABLE.some((dir) => filename.startsWith(dir));
/** file → its text, for the stable files read by any test file of this worker */
const stableText = new Map();

/** Makes a test file's file-text map (jest's cacheFS, shared by its runtime and transformer) read through stableText. */
function shareStableText(cacheFS) {
  if (!(cacheFS instanceof Map) || cacheFS.sharesStableText) return;
  const get = cacheFS.get.bind(cacheFS);
  const set = cacheFS.set.bind(cacheFS);
  cacheFS.get = (filename) => get(filename) ?? stableText.get(filename);
  cacheFS.set = (filename, text) => {
    if (isStable(filename)) stableText.set(filename, text);
    return set(filename, text);
  };
  cacheFS.sharesStableText = true;
}

/**
 * Wraps `target[method]` (sync or async) so that an answer, once it settles, is kept under
 * `keyOf(...args)`; `skip(...args)` true calls through without keeping anything. Failures are never
 * kept (they throw or reject, and are reported as usual).
 */
function memoize(target, method, keyOf, skip = () => false) {
  const original = target[method];
  if (typeof original !== 'function') return;
  const memo = new Map();
  target[method] = function (...args) {
    if (skip(...args)) return original.apply(this, args);
    const key = keyOf(...args);
    if (memo.has(key)) return memo.get(key);
    const answer = original.apply(this, args);
    if (answer && typeof answer.then === 'function') {
      // Kept as a resolved promise once it resolves: concurrent callers before that each call through.
      return answer.then((value) => {
        memo.set(key, Promise.resolve(value));
        return value;
      });
    }
    memo.set(key, answer);
    return answer;
  };
}

/**
 * jest's resolver (one per project in a worker) maps every relative './x.js' through moduleNameMapper
 * without caching the answer, for each test file again. The answer depends only on the importing
 * directory, the specifier and the conditions, and files do not move during a run, so it is kept.
 */
function memoizeResolver(resolver) {
  if (!resolver || resolver.memoizedByCallgate) return;
  const keyOf = (from, name, options) => `${path.dirname(from)}\0${name}\0${options && options.conditions ? options.conditions.join(',') : ''}`;
  for (const method of ['resolveStubModuleName', 'resolveModule', 'resolveStubModuleNameAsync', 'resolveModuleAsync']) memoize(resolver, method, keyOf);
  resolver.memoizedByCallgate = true;
}

/**
 * jest keeps each transformed file per worker already, but finds it again by a key that needs a
 * stat() of the file, for every import of every test file. A stable file's transform is found here by
 * its name and the options that shape the result, without touching the disk.
 */
function memoizeTransforms(transformer) {
  const proto = transformer && Object.getPrototypeOf(transformer);
  if (!proto || proto.memoizedByCallgate) return;
  const keyOf = (filename, options) =>
    `${filename}\0${JSON.stringify([options.collectCoverage, options.coverageProvider, options.isInternalModule, options.supportsDynamicImport, options.supportsExportNamespaceFrom, options.supportsStaticESM, options.supportsTopLevelAwait])}`;
  const unstable = (filename, options) => !isStable(filename) || !options;
  for (const method of ['transform', 'transformAsync']) memoize(proto, method, keyOf, unstable);
  proto.memoizedByCallgate = true;
}

class CodeCacheRuntime extends JestRuntime {
  constructor(...args) {
    // (config, environment, resolver, transformer, cacheFS, ...)
    memoizeResolver(args[2]);
    memoizeTransforms(args[3]);
    shareStableText(args[4]);
    super(...args);
    const executor = this.executor;
    if (executor && typeof executor.compile === 'function' && Array.isArray(executor.injectedModuleParameters)) {
      const jestCompile = executor.compile.bind(executor);
      executor.compile = (source, filename) => compileCached(executor, jestCompile, source, filename);
    }
  }

  teardown() {
    for (const [filename, source, script] of pending) codeCache.set(filename, { source, data: script.createCachedData() });
    pending = [];
    return super.teardown();
  }
}

module.exports = CodeCacheRuntime;
module.exports.default = CodeCacheRuntime;
