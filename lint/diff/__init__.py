"""``playbook-lint diff``: what a policy change does (``compare``), its formats (``report``), and
the revisions it reads (``revisions``).
"""
