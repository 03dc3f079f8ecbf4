"""playbook-lint: static analysis for debt-collection playbooks."""

__version__ = "0.2.0"
