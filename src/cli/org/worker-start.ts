/**
 * Where an organization run's worker thread starts: V8's code cache (and from source the type-stripped
 * text) is enabled per thread, as bin/guard.js does for the main one, before the worker's modules load,
 * so each worker reads guard's compiled sources from the cache instead of compiling them again.
 */
import module from 'node:module';

module.enableCompileCache();
await import('./worker.ts');
