// The guard extension: the language (.guard, grammar, comments and brackets) is declared in
// package.json; this starts `guard lsp` and lets vscode-languageclient talk to it over stdio.
// Plain CommonJS, as VS Code loads extensions; docs/editor.md says how to build and install it.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {import('vscode-languageclient/node').LanguageClient | undefined} */
let client;

/** @param {import('vscode').ExtensionContext} context */
function activate(context) {
  const settings = vscode.workspace.getConfiguration('guard');
  const command = settings.get('path', 'guard');
  const args = [...settings.get('args', []), 'lsp'];
  // No transport named: the client talks over the process's stdin and stdout and adds no flag.
  const server = { command, args };
  client = new LanguageClient('guard', 'guard', { run: server, debug: server }, { documentSelector: [{ language: 'guard' }] });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
