"""playbook-lint: static analysis for debt-collection playbooks."""

__version__ = "0.1.0"
