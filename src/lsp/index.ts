/** The language server stage (`guard lsp`): the CLI imports it only when the command runs. */
export { startLanguageServer } from './server.ts';
