"""playbook-lint: static analysis for debt-collection playbooks."""

from . import lazy_methods

__version__ = "0.2.0"

# Before any module of the package makes its dataclasses (start-up, issue 24 item 5).
lazy_methods.install()
