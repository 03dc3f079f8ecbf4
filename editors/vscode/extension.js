// The whole extension: start `playbook-lint server` and let vscode-languageclient speak
// LSP with it for DSL and YAML playbooks. Highlighting and the YAML schema association
// are declared in package.json.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("playbook-lint")
    .get("command", ["playbook-lint", "server"]);
  const serverOptions = { command, args };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "playbook" },
      { scheme: "file", pattern: "**/*.playbook.{yaml,yml}" },
      { scheme: "untitled", language: "playbook" },
    ],
  };
  client = new LanguageClient("playbook-lint", "playbook-lint", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
