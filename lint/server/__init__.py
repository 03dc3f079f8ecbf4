"""The language server (``playbook-lint server``): diagnostics, hover, completion,
navigation, code actions and formatting over LSP on stdio."""
