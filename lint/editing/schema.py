"""The JSON Schema (draft 2020-12) of the YAML form, for editors with a YAML language server.

The schema is built, not written: keys come from the parser's key tables
(``parse_yaml.TOP_KEYS`` …) and every vocabulary from the model's enums, so a new channel
or key cannot be missed here (a test compares the schema's keys with the parser's).

It describes *shape* — keys, types, vocabularies — which is exactly what PB002 reports.
Phrases (``call to borrower daily …``, ``every 3 days``, ``2 per day``) are strings here:
whether a phrase reads is the DSL grammar's business (PB001), not the schema's.

Instances are what a YAML 1.2 reader makes of the file (as editors' YAML servers read
it): ``10:30`` is a string and ``on`` a key, so numbers may come as integers or text.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import (
    KNOWN_EVENTS,
    AttachmentKind,
    Channel,
    Instalments,
    NoticeKind,
    Period,
    SkipKind,
    Target,
    Word,
)
from ..syntax.parse_yaml import (
    ACTION_KEYS,
    HANDLER_KEYS,
    LIMIT_KEYS,
    STAGE_KEYS,
    TEMPLATE_KEYS,
    TOP_KEYS,
)
from ..syntax.phrase_parser import channel_set_words

JsonSchema = dict[str, Any]

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _enum(enum: type[Word], description: str) -> JsonSchema:
    return {"type": "string", "enum": enum.all_words(), "description": description}


def _one_or_many(item: JsonSchema, description: str) -> JsonSchema:
    """A value or a list of them (``skip: holidays`` or ``skip: [weekends, holidays]``)."""
    return {
        "description": description,
        "anyOf": [item, {"type": "array", "items": item}],
    }


def _words_pattern(words: list[str], allow_all: bool) -> str:
    """``sms, call`` (and ``all`` when allowed): a comma-separated channel list as one string."""
    word = "(?:" + "|".join(words) + ")"
    listed = rf"{word}(?:\s*,\s*{word})*"
    body = f"(?:all|{listed})" if allow_all else listed
    return rf"^\s*{body}\s*$"


# A scalar the parser takes as written, whatever YAML 1.2 makes of it.
_SCALAR: JsonSchema = {"type": ["string", "number", "boolean", "null"]}
# ``int(text)`` accepts surrounding blanks, a sign and digit groups: so does the schema.
_INTEGER: JsonSchema = {
    "anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\s*[-+]?\d+(?:_\d+)*\s*$"}]
}
# Names and phrases are read as written too; whether they mean anything is PB001/PB003's.
_NAME: JsonSchema = _SCALAR
_PHRASE: JsonSchema = _SCALAR


def _names(description: str) -> JsonSchema:
    """Words as a list, or one comma-separated string."""
    return _one_or_many(_NAME, description)


def _event(description: str) -> JsonSchema:
    """An event name. Any text is accepted (an unknown event is PB003, not a shape error);
    the known ones are ``examples``, which YAML language servers offer as completions."""
    return {**_NAME, "description": description, "examples": sorted(KNOWN_EVENTS)}


def _targets(description: str) -> JsonSchema:
    """A handler's ``to``: targets as a list, or one comma-separated string."""
    targets = Target.all_words()
    return {
        "description": description,
        "anyOf": [
            {"type": "string", "pattern": _words_pattern(targets, allow_all=False)},
            {"type": "array", "items": {"type": "string", "enum": targets}},
        ],
    }


def _channels(description: str, allow_all: bool) -> JsonSchema:
    # ``notices`` (v2): the actions that send a notice an applied ruleset requires.
    channels = channel_set_words()
    return {
        "description": description,
        "anyOf": [
            {"type": "string", "pattern": _words_pattern(channels, allow_all)},
            {"type": "array", "items": {"type": "string", "enum": channels}},
        ],
    }


def _described(schema: JsonSchema, description: str) -> JsonSchema:
    return {**schema, "description": description}


def _template() -> JsonSchema:
    properties: dict[str, JsonSchema] = {
        "channel": _enum(Channel, "The channel this text is written for."),
        "notice": _enum(
            NoticeKind,
            "Marks a legally meaningful notice; sending it is the event of the same name.",
        ),
        "limited_content": {
            "type": "boolean",
            "description": "A Regulation F limited-content message (12 CFR 1006.2(j)); "
            "call or voicemail only (PB506).",
        },
        "attachments": {
            "type": "array",
            "description": "What the template sends besides its words (PB507).",
            "items": {"type": "string", "enum": AttachmentKind.all_words()},
        },
        "text": _described(_SCALAR, "The message, letter or call script; placeholders are {name}."),
    }
    return {
        "type": "object",
        "description": "A message, letter or call script.",
        "properties": _ordered(properties, TEMPLATE_KEYS),
        "required": ["channel", "text"],
        "additionalProperties": False,
    }


def _action() -> JsonSchema:
    limit = "`2 per day`, `3 connected per day` or `max 7 per week`; periods: " + ", ".join(
        Period.all_words()
    )
    properties: dict[str, JsonSchema] = {
        "channel": _enum(Channel, "The contact channel or legal step."),
        "to": _enum(Target, "Who is contacted (default: borrower)."),
        "using": _described(_NAME, "The template this action sends."),
        "schedule": _described(
            _PHRASE, "`daily`, `weekly`, `once`, `every 3 days` or `on day 1, 5`."
        ),
        "from": _described(_PHRASE, "Narrows a recurring schedule: first day (`5` or `day 5`)."),
        "until": _described(_PHRASE, "Narrows a recurring schedule: last day (`20`, `day 20`)."),
        "at": _one_or_many(_PHRASE, 'One attempt at each listed time (`"10:30"`).'),
        "between": {
            "type": "array",
            "items": _PHRASE,
            "minItems": 2,
            "maxItems": 2,
            "description": 'The window attempts fall in, like ["09:00", "20:00"].',
        },
        "times": _described(_INTEGER, "How many attempts one occurrence makes in `between`."),
        "skip": _one_or_many(
            {"type": "string", "enum": SkipKind.all_words()}, "Dates this action stays off."
        ),
        "agents": _described(_INTEGER, "How many collectors go together (visits)."),
        "max": _one_or_many(_PHRASE, "Limits the dialer enforces: " + limit + "."),
        "after": _one_or_many(
            _PHRASE, "Fires only after these events: `summons_served`, `default + 14 days`."
        ),
    }
    return {
        "type": "object",
        "description": "An action as a mapping (or write the DSL phrase as a string).",
        "properties": _ordered(properties, ACTION_KEYS),
        "required": ["channel", "schedule"],
        "additionalProperties": False,
        "dependentRequired": {"times": ["between"]},
        "not": {"required": ["at", "between"]},
    }


def _handler() -> JsonSchema:
    properties: dict[str, JsonSchema] = {
        "on": _event("The event the handler reacts to."),
        "stop": _channels(
            "Channels to stop: `all` or a list; `notices`: the required notices.", allow_all=True
        ),
        "pause": _channels(
            "Channels to pause: `all` or a list; `notices`: the required notices.",
            allow_all=True,
        ),
        "except": _channels(
            "Channels the handler leaves alone (`notices`: the required notices).",
            allow_all=False,
        ),
        "to": _targets("The targets the handler applies to (default: every target)."),
        "until": _event("`pause … until EVENT`."),
        "for": _described(
            {"anyOf": [_INTEGER, {"type": "string"}]}, "`pause … for N days` (`14` or `14 days`)."
        ),
    }
    mapping: JsonSchema = {
        "type": "object",
        "properties": _ordered(properties, HANDLER_KEYS),
        "required": ["on"],
        "additionalProperties": False,
        "oneOf": [
            {
                "required": ["stop"],
                "not": {"anyOf": [{"required": [k]} for k in ("pause", "until", "for")]},
            },
            {
                "required": ["pause"],
                "not": {"required": ["stop"]},
                "anyOf": [{"required": ["until"]}, {"required": ["for"]}],
            },
        ],
    }
    phrase_mapping: JsonSchema = {
        "type": "object",
        "description": "`- on EVENT: stop …` as YAML reads it: a one-key mapping.",
        "minProperties": 1,
        "maxProperties": 1,
        "patternProperties": {"^on ": _SCALAR},
        "additionalProperties": False,
    }
    return {
        "description": "`on EVENT: stop|pause CHANNELS …` as a phrase, or as a mapping.",
        "anyOf": [{"type": "string"}, phrase_mapping, mapping],
    }


def _limit() -> JsonSchema:
    """A playbook-wide limit (language.md v3 item 1)."""
    properties: dict[str, JsonSchema] = {
        "channel": _channels(
            "The channels counted together: `all` (every contact channel) or a list.",
            allow_all=True,
        ),
        "except": _channels("Channels the limit leaves out.", allow_all=False),
        "to": _targets("The targets counted (default: every target)."),
        "max": _one_or_many(
            _PHRASE,
            "The caps, counted across every stage: `7 per 7 days`, `3 connected per day`; "
            "periods: hour, day, week or `7 days`, month or `30 days`.",
        ),
    }
    mapping: JsonSchema = {
        "type": "object",
        "properties": _ordered(properties, LIMIT_KEYS),
        "required": ["channel", "max"],
        "additionalProperties": False,
    }
    return {
        "description": "`limit call to borrower max 7 per 7 days` as a phrase (the word "
        "`limit` may be left out), or as a mapping.",
        "anyOf": [{"type": "string"}, mapping],
    }


def _stage() -> JsonSchema:
    properties: dict[str, JsonSchema] = {
        "days": {
            "description": "The days past due the stage covers: `1..30`, `91..` or `[1, 30]`.",
            "anyOf": [
                {"type": "string"},
                {"type": "integer"},
                {"type": "array", "items": _INTEGER, "minItems": 2, "maxItems": 2},
            ],
        },
        "actions": {
            "description": "What happens in the stage, one action per item.",
            "type": ["array", "null"],
            "items": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/action"}]},
        },
    }
    return {
        "type": "object",
        "description": "A stage: a range of days past due and its actions.",
        "properties": _ordered(properties, STAGE_KEYS),
        "required": ["days"],
        "additionalProperties": False,
    }


def _ordered(properties: dict[str, JsonSchema], keys: tuple[str, ...]) -> dict[str, JsonSchema]:
    """The properties in the parser's key order; a key the parser reads and the schema
    does not describe (or the reverse) is a bug, caught here and by a test."""
    if set(properties) != set(keys):
        raise AssertionError(f"schema keys {sorted(properties)} != parser keys {sorted(keys)}")
    return {key: properties[key] for key in keys}


def playbook_schema() -> JsonSchema:
    """The JSON Schema of a ``*.playbook.yaml`` file."""
    properties: dict[str, JsonSchema] = {
        "playbook": _described(_SCALAR, "The playbook's name, shown in reports."),
        "version": _described(_SCALAR, "The playbook's version."),
        "jurisdiction": _names("Ruleset ids that apply, like us-regf."),
        "timezone": _described(_NAME, "The IANA zone every `at`/`between` time is in."),
        "borrowers_in": _names("The IANA zones borrowers live in (default: `timezone`)."),
        "horizon": _described(
            {"anyOf": [_INTEGER, {"type": "string"}]},
            "The last day of open-ended stages (default 365): `365` or `365 days`.",
        ),
        "instalments": _enum(Instalments, "The repayment period (default monthly)."),
        "holidays": _described(_NAME, "The country (ISO 3166 code) of `skip holidays`."),
        "placeholders": _names(
            "The {names} the lender's template system fills; any other one in a text is PB504."
        ),
        "limits": {
            "type": ["array", "null"],
            "description": "Caps the dialer enforces across the whole account, every stage "
            "together.",
            "items": {"$ref": "#/$defs/limit"},
        },
        "templates": {
            "type": ["object", "null"],
            "description": "Templates by name.",
            "additionalProperties": {"$ref": "#/$defs/template"},
        },
        "stages": {
            "type": ["object", "null"],
            "description": "Stages by name, in order.",
            "additionalProperties": {"$ref": "#/$defs/stage"},
        },
        "handlers": {
            "type": ["array", "null"],
            "description": "What stops or pauses contact when an event happens.",
            "items": {"$ref": "#/$defs/handler"},
        },
    }
    return {
        "$schema": DIALECT,
        "title": "playbook-lint collection playbook (YAML form)",
        "description": "A debt-collection playbook: header, templates, stages and handlers.",
        "type": "object",
        "properties": _ordered(properties, TOP_KEYS),
        "required": ["playbook"],
        "additionalProperties": False,
        "$defs": {
            "template": _template(),
            "stage": _stage(),
            "action": _action(),
            "handler": _handler(),
            "limit": _limit(),
        },
    }


def schema_text() -> str:
    """The schema as the ``schema`` command prints it and the repository stores it."""
    return json.dumps(playbook_schema(), indent=2, ensure_ascii=False) + "\n"
