"""Changing playbooks: the canonical layout, DSL <-> YAML, fixes, safe rewrites, and the
generated JSON Schema and TextMate grammar.
"""
