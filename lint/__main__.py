"""``python -m playbook_lint``: the same as the ``playbook-lint`` command."""

from .cli import main

main()
