"""The auditor's desk: ``playbook-lint audit`` judges many untrusted playbooks against a
matrix of rulesets and writes a self-contained HTML report, machine formats and evidence
that ``audit --verify`` can re-check (contract: design/audit.md)."""
