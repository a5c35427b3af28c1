/** The language server stage (`guard lsp`): the CLI imports it only when the command runs. */
export type { TestChecker } from './library.ts';
export { type ServerOptions, startLanguageServer } from './server.ts';
