"""What the checks are measured against: ruleset loading, rule metadata, phrase lists,
token patterns and text normalisation.
"""
