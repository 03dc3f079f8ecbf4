"""Language v3 items 2, 4 and 5 (the `estate` target, `limited_content`, `attach`, the
`post` channel) in both forms, and the checks that read them: PB505, PB506, PB507, and
PB502/PB503 leaving alone what v3 makes lawful (issue 18's two false alarms)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from playbook_lint.editing.convert import convert
from playbook_lint.editing.format import format_file
from playbook_lint.model import AttachmentKind, Channel, Target
from playbook_lint.syntax.parse import parse_source
from support import lint_source

REPO = Path(__file__).resolve().parent.parent

DSL = """\
playbook "v3-words"
timezone America/New_York
jurisdiction us-regf
template vm call limited_content "Hi, this is Jane Doe from Acme. Please call 555-010-0100."
template estate_letter letter "To the executor of {name}'s estate: {amount} is owed by the estate."
template wall sms attach photo, id_document "Do you know this person?"
stage late days 31..60 {
  call to borrower using vm on day 31 at 11:00
  letter to estate using estate_letter on day 40 after deceased
  sms to contacts using wall on day 45 at 11:00 after unreachable
  post to third_party using wall on day 50
}
"""

YAML = """\
playbook: v3-words
timezone: America/New_York
jurisdiction: us-regf
templates:
  vm:
    channel: call
    limited_content: true
    text: "Hi, this is Jane Doe from Acme. Please call 555-010-0100."
  estate_letter:
    channel: letter
    text: "To the executor of {name}'s estate: {amount} is owed by the estate."
  wall:
    channel: sms
    attachments: [photo, id_document]
    text: "Do you know this person?"
stages:
  late:
    days: 31..60
    actions:
      - call to borrower using vm on day 31 at 11:00
      - letter to estate using estate_letter on day 40 after deceased
      - sms to contacts using wall on day 45 at 11:00 after unreachable
      - post to third_party using wall on day 50
"""

FORMS = {"dsl": (DSL, "v3.playbook"), "yaml": (YAML, "v3.playbook.yaml")}


def _findings(form: str) -> list[tuple[str, str]]:
    text, name = FORMS[form]
    return [(f.code, f.message) for f in lint_source(text, name)]


def test_both_forms_read_the_marks_the_estate_and_post_alike() -> None:
    dsl = parse_source(DSL, "v3.playbook").playbook
    twin = parse_source(YAML, "v3.playbook.yaml").playbook
    assert dsl is not None
    assert dsl == twin
    vm, _, wall = dsl.templates
    assert vm.limited_content
    assert wall.attachments == (AttachmentKind.PHOTO, AttachmentKind.ID_DOCUMENT)
    targets = [a.target for _, a in dsl.actions()]
    assert Target.ESTATE in targets
    assert Channel.POST in [a.channel for _, a in dsl.actions()]


def test_an_unknown_attachment_kind_is_an_unknown_reference_in_both_forms() -> None:
    dsl = DSL.replace("attach photo, id_document", "attach photo, selfie")
    twin = YAML.replace("[photo, id_document]", "[photo, selfie]")
    for text, name in ((dsl, "v3.playbook"), (twin, "v3.playbook.yaml")):
        codes = [d.code for d in parse_source(text, name).diagnostics]
        assert codes == ["PB003"], name


def test_the_formatter_and_the_converter_keep_the_marks() -> None:
    original = parse_source(DSL, "v3.playbook").playbook
    formatted = format_file("v3.playbook", DSL).after or DSL
    assert "limited_content" in formatted
    assert "attach photo, id_document" in formatted
    assert parse_source(formatted, "v3.playbook").playbook == original
    as_yaml = convert(DSL, "v3.playbook", "yaml")
    assert "limited_content: true" in as_yaml
    assert "attachments: [photo, id_document]" in as_yaml
    assert parse_source(as_yaml, "x.playbook.yaml").playbook == original
    back = convert(YAML, "v3.playbook.yaml", "dsl")
    assert parse_source(back, "x.playbook").playbook == original


def test_the_json_schema_accepts_the_marks_and_refuses_a_wrong_kind() -> None:
    schema = json.loads((REPO / "schema" / "playbook.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(YAML), schema)
    wrong = yaml.safe_load(YAML.replace("[photo, id_document]", "[selfie]"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_limited_content_voicemail_is_not_told_to_add_a_debt_collector(form: str) -> None:
    # issue 18: PB502 asked this voicemail to say "a debt collector", which would make
    # it unlawful; PB506 finds it complete.
    found = _findings(form)
    assert not [m for c, m in found if c == "PB502" and "'vm'" in m]
    assert not [m for c, m in found if c == "PB506"]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_letter_to_the_estate_is_not_a_third_party_disclosure(form: str) -> None:
    # issue 18: the personal representative stands for the borrower (12 CFR 1006.2(e)).
    assert not [m for c, m in _findings(form) if c == "PB503"]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_photos_to_contacts_and_a_public_post_are_reported(form: str) -> None:
    found = sorted(m.split(" (with line")[0] for c, m in _findings(form) if c == "PB507")
    assert found == [
        "template 'wall' attaches photo, id_document, sent to contacts",
        "template 'wall' attaches photo, id_document, shown to the public",
    ]
    posts = [m for c, m in _findings(form) if c == "PB601" and m.startswith("post")]
    assert posts


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_limited_content_message_with_debt_words_is_reported(form: str) -> None:
    text, name = FORMS[form]
    text = text.replace(
        "Hi, this is Jane Doe from Acme. Please call 555-010-0100.",
        "This is Acme Collections about your debt.",
    )
    found = [m for f in lint_source(text, name) if f.code == "PB506" for m in [f.message]]
    # The company's name is one problem (1006.2(j)(1)(i)), reported once with the name;
    # "debt" elsewhere is content beyond what 1006.2(j) allows.
    assert "gives a business name that says debt collection: 'Acme Collections'" in "".join(
        found
    ), found
    assert any(m.endswith('allows: "debt"') for m in found), found
    assert any("lacks a request to reply, a telephone number" in m for m in found), found


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_threatened_lawsuit_needs_a_lawsuit_in_the_plan(form: str) -> None:
    text, name = FORMS[form]
    threat = text.replace("Do you know this person?", "Pay today or we will file a lawsuit.")
    assert any(f.code == "PB505" for f in lint_source(threat, name))
    planned = threat.replace("post to third_party using wall on day 50", "lawsuit on day 45")
    assert not any(f.code == "PB505" for f in lint_source(planned, name))
    # "today" on day 45, the lawsuit on day 58: planned, but not when the words say.
    later = threat.replace("post to third_party using wall on day 50", "lawsuit on day 58")
    assert [
        f.message.split(" (with line")[0] for f in lint_source(later, name) if f.code == "PB505"
    ] == [
        'template \'wall\' threatens a lawsuit ("file a lawsuit") "today": sent from day 45, '
        "that is by day 45, but the playbook's first lawsuit is on day 58"
    ]
    calm = text.replace("Do you know this person?", "We will not file a lawsuit.")
    assert not any(f.code == "PB505" for f in lint_source(calm, name))


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_estate_is_contacted_only_after_death(form: str) -> None:
    text, name = FORMS[form]
    early = text.replace("on day 40 after deceased", "on day 40")
    assert not [f for f in lint_source(text, name) if "estate-only-after-death" in (f.rule or "")]
    assert [f for f in lint_source(early, name) if "estate-only-after-death" in (f.rule or "")]
