export * from './codes.ts';
export * from './diagnostic.ts';
export * from './span.ts';
export * from './work.ts';
