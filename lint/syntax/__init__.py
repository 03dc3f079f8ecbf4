"""Reading the two surface forms: the grammar and its LALR tables, the phrase parser, the DSL
and YAML readers, positions, syntax messages, names, and the one bounded YAML node reader.
"""
