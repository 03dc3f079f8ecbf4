"""PB501-PB504 on playbooks written inline: what a user sees, at the exact place."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from playbook_lint.checks.base import Context
from playbook_lint.checks.content import (
    nearest_placeholder,
    run_prohibited_content,
    run_third_party_disclosure,
    run_unknown_placeholder,
)
from playbook_lint.checks.required_words import run_missing_disclosure
from playbook_lint.diagnostics import Diagnostic
from playbook_lint.model import Channel, Playbook, Target
from playbook_lint.rules.params import (
    MissingDisclosure,
    ProhibitedContent,
    Scope,
    ThirdPartyDisclosure,
    UnknownPlaceholder,
)
from playbook_lint.rules.phrases import (
    Phrase,
    PhraseListError,
    PhraseMatcher,
    bundled_categories,
    categories_for,
    known_placeholders,
    parse_category,
)
from playbook_lint.suggest import osa_distance
from playbook_lint.syntax.parse import parse_source

BASELINE = ProhibitedContent(
    categories=(
        "violence",
        "arrest-or-jail",
        "impersonating-authority",
        "public-shaming",
        "obscenity",
    )
)


def playbook(templates: str, actions: str = "", *, stage: str = "late days 31..90") -> Playbook:
    """A DSL playbook: header on lines 1-2, then ``templates``, then one stage of ``actions``."""
    text = f'playbook "t"\ntimezone Asia/Shanghai\n{templates}\nstage {stage} {{\n{actions}\n}}\n'
    result = parse_source(text, "t.playbook")
    assert result.playbook is not None, result.diagnostics
    return result.playbook


def where(diagnostic: Diagnostic) -> tuple[int, int, int, int]:
    s = diagnostic.span
    return s.line, s.column, s.end_line, s.end_column


def pb501(pb: Playbook, params: ProhibitedContent = BASELINE) -> list[Diagnostic]:
    return list(run_prohibited_content(Context(pb), params))


# --------------------------------------------------------------------------- PB501


def test_traditional_threat_is_caught_by_the_simplified_list_at_its_column() -> None:
    pb = playbook('template t sms "再不還錢，就把你關進監獄。"')
    [finding] = pb501(pb)
    # line 3: `template t sms "` is 16 characters; the phrase 關進監獄 starts at index 8.
    assert where(finding) == (3, 25, 3, 29)
    assert finding.message == 'threatens arrest: "關進監獄"'


def test_message_quotes_the_phrase_and_names_its_category() -> None:
    [finding] = pb501(playbook('template t sms "{name}，今天不还款，我们马上逮捕你。"'))
    assert finding.message == 'threatens arrest: "马上逮捕你"'
    assert finding.anchor == "template:t"


def test_full_width_and_spaced_threats_point_at_what_was_written() -> None:
    pb = playbook('template t sms "Pay or you will be ＡＲＲＥＳＴＥＤ. 马上逮 捕 你"')
    # One finding per template and category, at the first match; every match keeps its
    # exact span (the others as related places).
    [first] = pb501(pb)
    assert where(first) == (3, 24, 3, 44)
    assert first.message == 'threatens arrest: "you will be ＡＲＲＥＳＴＥＤ", "马上逮 捕 你"'
    [other] = first.related
    assert other.message == "马上逮 捕 你"
    assert other.span.line == 3


def test_touching_phrases_of_one_category_make_one_finding() -> None:
    pb = playbook('template t sms "让警察上门抓你，等着坐牢吧"')
    assert [d.message for d in pb501(pb)] == ['threatens arrest: "警察上门抓你", "坐牢"']


def test_a_zero_width_space_is_spanned_but_not_quoted() -> None:
    [finding] = pb501(playbook('template t sms "今天不还就弄\u200b死你"'))
    assert finding.message == 'threatens violence: "弄死你"'
    assert where(finding)[1::2] == (22, 26)  # 弄, the invisible space, 死, 你


def test_a_phrase_broken_across_lines_of_a_block_string_spans_both_lines() -> None:
    pb = playbook('template t call """\n  今天不还，我们马上逮\n  捕你。\n"""')
    [finding] = pb501(pb)
    # 马上逮 is at columns 10-12 of line 4; 捕你 at columns 3-4 of line 5.
    assert where(finding) == (4, 10, 5, 5)


@pytest.mark.parametrize(
    "text",
    [
        "If we cannot agree a plan, we may file a lawsuit to recover the balance.",
        "The interest rate stays the same; a court may enforce a judgment as the law allows.",
        "You cannot be arrested or jailed for owing a consumer debt.",
        "若您仍未履行还款义务，我司将依法提起诉讼。",
        "如遇冒充本公司工作人员催收，请向当地公安机关报案。",
        "祝您生日快乐！今日您有一笔账单待还。",
    ],
)
def test_lawful_texts_are_silent(text: str) -> None:
    assert pb501(playbook(f'template t letter "{text}"'), ProhibitedContent()) == []


def test_latin_phrases_match_whole_words_only() -> None:
    own = ProhibitedContent(categories=("violence",), phrases=(("house", ("arrest",)),))
    assert pb501(playbook('template t sms "Our interest rate is low; arrested"'), own) == []
    [finding] = pb501(playbook('template t sms "We will arrest, you know"'), own)
    assert finding.message == 'prohibited (house): "arrest"'


def test_own_phrases_alone_do_not_bring_the_bundled_lists() -> None:
    pb = playbook('template t sms "The skip squad will break your legs."')
    own = ProhibitedContent(phrases=(("house", ("skip squad",)),))
    assert [d.message for d in pb501(pb, own)] == ['prohibited (house): "skip squad"']
    assert len(pb501(pb, ProhibitedContent())) == 1  # no phrases: every bundled list


def test_a_trailing_star_matches_the_start_of_a_word() -> None:
    [finding] = pb501(playbook('template t sms "Pay up, you FUCKING cheat"'))
    assert finding.message == 'uses obscene or abusive language: "FUCKING"'


def test_categories_and_languages_choose_the_lists() -> None:
    pb = playbook('template t sms "We will break your legs. 列入黑名单"')
    assert [
        d.message for d in pb501(pb, ProhibitedContent(categories=("false-legal-threat",)))
    ] == ['makes a false or exaggerated legal threat: "列入黑名单"']
    chinese_only = ProhibitedContent(categories=("violence",), languages=("zh",))
    assert pb501(pb, chinese_only) == []


def test_an_unknown_category_is_a_clear_error() -> None:
    with pytest.raises(PhraseListError, match="no bundled phrase list 'threats'"):
        pb501(playbook('template t sms "hi"'), ProhibitedContent(categories=("threats",)))


def test_matching_is_linear_in_the_length_of_the_text() -> None:
    matcher = PhraseMatcher(p for c in categories_for("PB501") for p in c.phrases)
    text = ("a " * 50_000) + ("逮 " * 50_000) + "a.r.r.e.s.t you"
    started = time.perf_counter()
    matches = matcher.find(text)
    assert time.perf_counter() - started < 10
    # "aaaa…" and "逮逮逮…" are no phrase; the spelled-out threat at the end is.
    [match] = matches
    assert text[match.start : match.end] == "a.r.r.e.s.t you"


# --------------------------------------------------------------------------- PB502


DISCLOSURE = ("attempt to collect a debt", "from a debt collector")


def test_first_only_names_the_first_action_and_its_day() -> None:
    pb = playbook(
        'template first call "Hello, Acme calling about your account."\n'
        'template later call "This is a message from a debt collector."',
        "  call using later on day 40 at 10:00\n  call using first on day 35 at 10:00",
    )
    params = MissingDisclosure((Channel.CALL,), DISCLOSURE, first_only=True)
    [finding] = run_missing_disclosure(Context(pb), params)
    assert finding.message == (
        "first call template 'first' (stage late, day 35) has none of "
        '"attempt to collect a debt", "from a debt collector"'
    )
    assert where(finding)[:2] == (3, 10)


def test_every_message_mode_checks_later_templates_too() -> None:
    pb = playbook(
        'template first call "This is an attempt to collect a debt."\n'
        'template later call "Hello again about your account."',
        "  call using first on day 31 at 10:00\n  call using later on day 40 at 10:00",
    )
    first_only = MissingDisclosure((Channel.CALL,), DISCLOSURE, first_only=True)
    every = MissingDisclosure((Channel.CALL,), DISCLOSURE)
    assert list(run_missing_disclosure(Context(pb), first_only)) == []
    [finding] = run_missing_disclosure(Context(pb), every)
    assert finding.message.startswith("call template 'later' has none of")


def test_scripts_sent_only_to_third_parties_need_no_collector_disclosure() -> None:
    pb = playbook(
        'template locate call "Hi, please ask {name} to call us back."',
        "  call to emergency_contact using locate on day 31 at 10:00 after unreachable",
    )
    for first_only in (True, False):
        params = MissingDisclosure((Channel.CALL,), DISCLOSURE, first_only=first_only)
        assert list(run_missing_disclosure(Context(pb), params)) == []


def test_disclosure_phrases_match_in_any_case_and_width() -> None:
    pb = playbook('template t sms "Reply ｓｔｏｐ to end these texts"', "  sms using t on day 31")
    params = MissingDisclosure((Channel.SMS,), ("STOP", "unsubscribe"))
    assert list(run_missing_disclosure(Context(pb), params)) == []


# --------------------------------------------------------------------------- PB503


def test_third_party_finding_points_at_the_word_and_names_the_action() -> None:
    pb = playbook(
        'template ec_locate call "Please ask {name} to call us. The account is overdue."',
        "  call to emergency_contact using ec_locate on day 45 at 11:00 after unreachable",
    )
    [finding] = run_third_party_disclosure(Context(pb), ThirdPartyDisclosure())
    assert finding.message == (
        "template 'ec_locate' sent to emergency_contact (stage late) mentions the debt: \"overdue\""
    )
    start = pb.templates[0].text.span.column + 1 + pb.templates[0].text.value.index("overdue")
    assert where(finding) == (3, start, 3, start + len("overdue"))


def test_debt_placeholders_count_as_a_mention() -> None:
    pb = playbook(
        'template t sms "您好，请转告{name}尽快处理{amount}。"',
        "  sms to family using t on day 45 at 11:00",
    )
    [finding] = run_third_party_disclosure(Context(pb), ThirdPartyDisclosure())
    assert finding.message.endswith('mentions the debt: "{amount}"')


def test_the_borrower_and_the_guarantor_may_hear_about_the_debt() -> None:
    pb = playbook(
        'template t call "Your loan is overdue."',
        "  call to borrower using t on day 31 at 10:00\n"
        "  call to guarantor using t on day 32 at 10:00",
    )
    assert list(run_third_party_disclosure(Context(pb), ThirdPartyDisclosure())) == []


def test_own_phrases_replace_the_bundled_list() -> None:
    pb = playbook(
        'template t call "Your loan is overdue. Ref: ACCT-CLOSURE"',
        "  call to employer using t on day 45 at 10:00",
    )
    own = ThirdPartyDisclosure(targets=(Target.EMPLOYER,), phrases=("acct closure",))
    assert [d.message.rsplit(": ", 1)[1] for d in run_third_party_disclosure(Context(pb), own)] == [
        '"ACCT-CLOSURE"'
    ]


def test_debt_words_are_found_in_the_languages_a_rule_names() -> None:
    pb = playbook(
        'template t call "Pakisabi po kay {name}: may utang siya. 他的欠款已逾期。"',
        "  call to family using t on day 45 at 10:00",
    )

    def quoted(params: ThirdPartyDisclosure) -> list[str]:
        found = run_third_party_disclosure(Context(pb), params)
        return [d.message.split("mentions the debt: ", 1)[1] for d in found]

    assert quoted(ThirdPartyDisclosure()) == ['"may utang", "欠款", "逾期"']
    assert quoted(ThirdPartyDisclosure(languages=("zh", "en"))) == ['"欠款", "逾期"']


def test_a_template_sent_to_several_third_parties_is_reported_once_per_word() -> None:
    pb = playbook(
        'template t call "About the debt of {name}."',
        "  call to family using t on day 45 at 10:00\n"
        "  call to employer using t on day 50 at 10:00",
    )
    [finding] = run_third_party_disclosure(Context(pb), ThirdPartyDisclosure())
    assert "sent to family (stage late, and 1 more)" in finding.message
    # The sending action is a related place (no line in the message: baselines).
    assert finding.related[0].span.line == 5


# --------------------------------------------------------------------------- PB502 v2

REG_F_INITIAL = MissingDisclosure(
    channels=(Channel.CALL, Channel.LETTER, Channel.SMS, Channel.EMAIL),
    all_of=(
        ("attempt to collect a debt", "trying to collect a debt"),
        (
            "information obtained will be used for that purpose",
            "use any information you give us to help collect the debt",
        ),
    ),
    scope=Scope.INITIAL,
    targets=(Target.BORROWER,),
)
_INITIAL_TEMPLATES = (
    'template intro letter "We are trying to collect a debt. We will use any information you '
    'give us to help collect the debt."\n'
    'template short_call call "This is Acme, a debt collector."\n'
    'template nudge sms "Acme here: your payment is late. Reply STOP to opt out."'
)


def test_initial_scope_judges_only_what_can_come_first() -> None:
    # The letter on day 31 is sure to have gone before the call of day 40: only the letter
    # and the SMS (which may come on day 31 too) can be the first communication.
    pb = playbook(
        _INITIAL_TEMPLATES,
        "  letter using intro on day 31\n"
        "  sms using nudge on day 31 at 10:00\n"
        "  call to borrower using short_call on day 40 at 10:00",
    )
    assert [d.message for d in run_missing_disclosure(Context(pb), REG_F_INITIAL)] == [
        "sms template 'nudge' can be the first communication (stage late, day 31) "
        'and has none of "attempt to collect a debt", "trying to collect a debt"; and none '
        'of "information obtained will be used for that purpose", "use any information you '
        'give us to help collect the debt"'
    ]


def test_initial_scope_a_skipped_day_is_not_sure() -> None:
    # `skip weekends` can take day 31 away, so the call on day 32 can come first.
    pb = playbook(
        _INITIAL_TEMPLATES,
        "  letter using intro on day 31 skip weekends\n"
        "  call to borrower using short_call on day 32 at 10:00",
    )
    found = run_missing_disclosure(Context(pb), REG_F_INITIAL)
    assert [d.message.split(" can be")[0] for d in found] == ["call template 'short_call'"]


def test_all_of_needs_one_phrase_of_every_group() -> None:
    pb = playbook(
        'template a letter "This is an attempt to collect a debt."\n'
        'template b letter "This is an attempt to collect a debt; any information obtained '
        'will be used for that purpose."',
        "  letter using a on day 31\n  letter using b on day 32",
    )
    params = MissingDisclosure(channels=(Channel.LETTER,), all_of=REG_F_INITIAL.all_of)
    found = run_missing_disclosure(Context(pb), params)
    assert [d.message.split(" has ")[0] for d in found] == ["letter template 'a'"]


def test_targets_keep_third_party_scripts_out() -> None:
    pb = playbook(
        'template locate call "Hello, we are trying to reach {name}."\n'
        'template guarantor_call call "Acme, a debt collector, about the loan you guaranteed."',
        "  call to family using locate on day 31 at 10:00\n"
        "  call to guarantor using guarantor_call on day 32 at 10:00",
    )
    params = MissingDisclosure(
        channels=(Channel.CALL,),
        any_of=("a debt collector",),
        targets=(Target.BORROWER, Target.GUARANTOR),
    )
    assert list(run_missing_disclosure(Context(pb), params)) == []


# --------------------------------------------------------------------------- PB504


def test_unknown_placeholder_suggests_the_closest_known_one() -> None:
    pb = playbook('template t sms "Hi {nmae}, {amount} is due."')
    [finding] = run_unknown_placeholder(Context(pb), UnknownPlaceholder())
    assert finding.message == "unknown placeholder {nmae} in template 't'"
    assert finding.help == "did you mean {name}?"
    assert where(finding) == (3, 20, 3, 26)


def test_a_ruleset_list_replaces_the_bundled_placeholders() -> None:
    pb = playbook('template t sms "Hi {nmae}, {客户姓名}, {客户姓}"')
    params = UnknownPlaceholder(placeholders=("客户姓名",))
    # {nmae} is no typo of the ruleset's list; {客户姓} is one edit from {客户姓名}.
    assert [d.message for d in run_unknown_placeholder(Context(pb), params)] == [
        "unknown placeholder {客户姓} in template 't'"
    ]


def test_without_a_header_only_typos_of_known_names_are_reported() -> None:
    # checks.md v2 precisions: a lender's own variable names are its business.
    pb = playbook('template t sms "Hi {nmae}, {loyalty_tier} {amout} {callbak_nmber} {x}"')
    found = run_unknown_placeholder(Context(pb), UnknownPlaceholder())
    assert [(d.message, d.help) for d in found] == [
        ("unknown placeholder {nmae} in template 't'", "did you mean {name}?"),
        ("unknown placeholder {amout} in template 't'", "did you mean {amount}?"),
        ("unknown placeholder {callbak_nmber} in template 't'", "did you mean {callback_number}?"),
    ]


def test_a_placeholders_header_reports_every_other_name() -> None:
    text = (
        'playbook "t"\nplaceholders name, loyalty_tier\n'
        'template t sms "Hi {name} ({loyalty_tier}), {amount} {nmae}"\n'
        "stage s days 1..30 {\n}\n"
    )
    result = parse_source(text, "t.playbook")
    assert result.playbook is not None
    found = run_unknown_placeholder(Context(result.playbook), UnknownPlaceholder())
    assert [(d.message, d.help) for d in found] == [
        (
            "unknown placeholder {amount} in template 't' (not in the playbook's `placeholders`)",
            "use a placeholder the playbook declares, or add it to `placeholders`",
        ),
        (
            "unknown placeholder {nmae} in template 't' (not in the playbook's `placeholders`)",
            "did you mean {name}?",
        ),
    ]


def test_osa_distance_counts_a_swap_as_one_edit() -> None:
    assert osa_distance("nmae", "name", 2) == 1
    assert osa_distance("amout", "amount", 2) == 1
    assert osa_distance("abc", "xyz", 1) == 2  # capped at limit + 1
    assert osa_distance("abc", "xyz") == 3  # no limit: the whole distance
    assert osa_distance("stgae", "stage") == 1
    assert nearest_placeholder("due_dte", ("due_date", "date")) == "due_date"
    assert nearest_placeholder("balance2", ("balance",)) == "balance"
    assert nearest_placeholder("portal_url", ("pay_url",)) is None


# --------------------------------------------------------------------------- the lists


def test_bundled_lists_are_large_enough_in_both_languages() -> None:
    prohibited = {c.name for c in categories_for("PB501")}
    assert prohibited == {
        "violence",
        "arrest-or-jail",
        "impersonating-authority",
        "public-shaming",
        "obscenity",
        "false-legal-threat",
        "exposure",
    }
    # exposure (checks.md v3) is a narrow category: "we hacked your phone", "we have your
    # contacts"; the others are broad and need many ways of saying them.
    # PB505's lists (v3) name the steps a plan can take, a handful of words each.
    for category in (c for c in bundled_categories() if c.check in ("PB501", "PB503")):
        least = 8 if category.name == "exposure" else 30
        for language in ("en", "zh"):
            assert len(category.in_languages([language])) >= least, (category.name, language)
    assert {"name", "amount", "due_date"} <= set(known_placeholders())


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("category: bad\ncheck: PB501\nlabel: x\n", "bad.yaml: no phrases and no patterns"),
        (
            "category: other\ncheck: PB501\nlabel: x\nphrases: {en: [kill you]}\n",
            "bad.yaml: category: 'other' must match the file name",
        ),
        (
            "category: bad\ncheck: PB501\nlabel: x\nphrases: {en: [kill you, 3]}\n",
            r"bad.yaml: phrases.en\[1\]: expected a non-empty string",
        ),
        (
            "category: bad\ncheck: PB501\nlabel: x\nphrases: {en: [kill you, kill you]}\n",
            "listed twice",
        ),
        ("category: bad\ncheck: PB501\nlabel: x\nphrases: {zh: [杀]}\n", "too short"),
        ("category: bad\ncheck: PB501\nlabel: x\nphrase: {}\n", "unknown key 'phrase'"),
        ("category: [bad\n", "not valid YAML"),
    ],
)
def test_a_malformed_list_names_the_file_and_the_key(tmp_path: Path, body: str, error: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PhraseListError, match=error):
        parse_category(path)


def test_the_first_listed_category_names_a_phrase_in_two_lists() -> None:
    matcher = PhraseMatcher([Phrase("skip squad", "a", "en"), Phrase("Skip Squad", "b", "en")])
    [match] = matcher.find("the SKIP SQUAD")
    assert match.phrase.category == "a"
    assert (match.start, match.end) == (4, 14)


def test_regf_opt_out_needs_an_instruction_not_the_word_stop() -> None:
    from support import lint_source

    text = (
        'playbook "p"\njurisdiction us-regf\ntimezone America/New_York\n'
        'template a sms "Stop by our branch to pay {amount}. This is from a debt collector."\n'
        'template b email "We will not stop until you pay. This is from a debt collector."\n'
        'template c sms "This is from a debt collector. Text STOP to 40404 to end texts."\n'
        "stage s days 1..30 {\n  sms using a on day 2 at 10:00\n"
        "  email using b on day 3 at 10:00\n  sms using c on day 4 at 10:00\n}\n"
    )
    opt_out = [f.line for f in lint_source(text) if f.rule == "us-regf/electronic-opt-out"]
    assert opt_out == [4, 5]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("We will never tell your employer about this account.", False),
        ("We won't contact your employer or family.", False),
        ("我们不会联系你的单位，请放心。", False),
        ("We will not hesitate to have you arrested.", True),
        ("If you do not pay, you will be arrested.", True),
        ("Pay or not. You will be arrested.", True),
        ("不还钱就抓你。", True),
        ("We will tell your employer unless you pay today.", True),
    ],
)
def test_a_directly_negated_phrase_is_a_reassurance_not_a_threat(text: str, flagged: bool) -> None:
    from support import lint_source

    playbook = (
        'playbook "p"\ntimezone Europe/London\n'
        f'template t letter "{text}"\n'
        "stage s days 1..30 {\n  letter using t on day 3\n}\non payment_received: stop all\n"
    )
    found = [f for f in lint_source(playbook, rulesets=["baseline"]) if f.code == "PB501"]
    assert bool(found) is flagged
