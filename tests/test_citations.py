"""Every rule cites its own jurisdiction's primary text, or says why it has none.

* rulesets.md v2-v3, issue 21 item 5: a rule's `url` is the regulator's or legislature's
  own text, or the standard's official page; a news article or an aggregator may appear
  in a rule's `why`, never as its `url`. Where no primary text is public, the rule has no
  `url` and its `source` says why. There are no named exceptions.
* No jurisdiction's finding cites another jurisdiction's text: a baseline practice rule a
  jurisdiction inherits without citing its own law is cited as "practice (baseline)".

The passages behind each url are quoted in docs/sources.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.resources import bundled_ruleset_ids, rulesets_dir
from playbook_lint.rules.rulesets import Rule, load_ruleset
from playbook_lint.run.engine import lint_text
from support import FIXTURES, REPO

PRIMARY_HOSTS = {
    "www.ecfr.gov": "Electronic Code of Federal Regulations (Regulation F)",
    "www.consumerfinance.gov": "CFPB: Regulation F and its official interpretations",
    "www.law.cornell.edu": "LII, the US Code (FDCPA, 15 USC 1692c and 1692e)",
    "law.cornell.edu": "LII, 209 CMR 18.16 (Massachusetts), as regulations.md reads it",
    "www.fdic.gov": "FDIC: the FFIEC retail credit classification policy",
    "www.legislation.gov.uk": "UK legislation (Consumer Credit Act 1974)",
    "www.handbook.fca.org.uk": "FCA Handbook (CONC)",
    "www.accc.gov.au": "ACCC/ASIC Debt collection guideline",
    "www.rbi.org.in": "Reserve Bank of India: the circular's own notification page",
    "www.ojk.go.id": "Otoritas Jasa Keuangan: the regulation's own page",
    "revisedacts.lawreform.ie": "Law Reform Commission: revised Acts (Ireland)",
    "www.irishstatutebook.ie": "Irish Statute Book (Office of the Attorney General)",
    "law.moj.gov.tw": "Laws & Regulations Database of the Republic of China (Taiwan)",
    "openstd.samr.gov.cn": "China's national standards portal (SAMR/SAC): GB/T 45251-2025",
}

# A regulator's index page is not its text: a url must name the passage's own page.
INDEX_PATHS = {"", "/", "/id/regulasi/", "/Scripts/NotificationUser.aspx"}

# What names each jurisdiction's texts, in a cite or a url. A finding under one
# jurisdiction may name its own texts only.
JURISDICTION_OF = {
    "us-regf": "US",
    "us-ma": "US",
    "uk-cca": "UK",
    "au-accc-asic": "AU",
    "in-rbi": "IN",
    "ph-sec": "PH",
    "id-ojk": "ID",
    "ie-cca": "IE",
    "tw-fsc": "TW",
    "cn-gbt45251": "CN",
    "cn-cba2026": "CN",
}
MARKERS = {
    "US": ("CFR", "FDCPA", "USC", "FFIEC", "fdic.gov", "ecfr.gov", "cornell.edu"),
    "UK": ("CONC", "Consumer Credit Act 1974", "legislation.gov.uk", "fca.org.uk"),
    "AU": ("ACCC", "ASIC", "accc.gov.au"),
    "IN": ("RBI", "rbi.org.in"),
    "PH": ("SEC MC", "sec.gov.ph"),
    "ID": ("POJK", "ojk.go.id"),
    "IE": ("Consumer Credit Act 1995", "Non-Fatal Offences", "lawreform.ie", "irishstatutebook"),
    "TW": ("金融機構作業委託", "信用卡業務機構管理辦法", "moj.gov.tw"),
    "CN": ("GB/T", "CBA", "商业银行", "消费金融公司", "samr.gov.cn"),
}


def _file_urls() -> list[tuple[str, str]]:
    """(ruleset/rule, url) for every rule of every bundled ruleset file that gives one."""
    found: list[tuple[str, str]] = []
    for path in sorted(Path(rulesets_dir()).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, body in (data.get("rules") or {}).items():
            if isinstance(body, dict) and "url" in body:
                found.append((f"{data['id']}/{name.split('/')[-1]}", str(body["url"])))
    return found


def _loaded_rules() -> list[Rule]:
    """Every rule as each bundled ruleset carries it (inherited ones included)."""
    return [rule for rid in bundled_ruleset_ids() for rule in load_ruleset(rid).rules]


URLS = _file_urls()
RULES = _loaded_rules()


def _is_primary(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and (parts.hostname or "") in PRIMARY_HOSTS
        and (parts.path not in INDEX_PATHS or bool(parts.query))
    )


def test_there_are_urls_to_judge() -> None:
    assert len(URLS) > 50


@pytest.mark.parametrize(("rule", "url"), URLS, ids=[r for r, _ in URLS])
def test_every_url_is_a_primary_source(rule: str, url: str) -> None:
    assert _is_primary(url), f"{rule}: {url} is not a primary text's own page"


def test_the_test_refuses_news_mirrors_and_index_pages() -> None:
    # The old citations, one of each kind: news, a text mirror, an upload, an index page.
    for url in (
        "https://economy.okezone.com/read/2024/07/13/x",
        "http://wwpfw.com/xinyongqiataoxian/96746.html",
        "https://www.scribd.com/document/911734169/Past-Due-Collection-Steps-1",
        "https://www.sec.gov.ph/",
        "https://www.ojk.go.id/id/regulasi/",
        "https://www.rbi.org.in/Scripts/NotificationUser.aspx",
    ):
        assert not _is_primary(url), url


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.id}@{i}" for i, r in enumerate(RULES)])
def test_a_rule_without_a_url_says_why(rule: Rule) -> None:
    if rule.url:
        return
    if rule.cite == f"{rule.basis} (baseline)":
        return  # inherited shared practice: the citation itself says what it is
    assert rule.source, f"{rule.id} has no url and no source"
    assert len(rule.source) > 40, f"{rule.id}: a source says why there is no url"
    assert rule.why, rule.id


@pytest.mark.parametrize("ruleset_id", bundled_ruleset_ids())
def test_rules_and_explain_show_only_primary_urls(ruleset_id: str) -> None:
    # What a user sees: `rules --ruleset X`, then `explain` of each of its rules.
    # (A rule's `why` may quote a news report; its citation lines may not.)
    runner = CliRunner()
    listing = runner.invoke(main, ["rules", "--ruleset", ruleset_id])
    assert listing.exit_code == 0, listing.output
    shown = [listing.output]
    for rule in load_ruleset(ruleset_id).rules:
        page = runner.invoke(main, ["explain", rule.id])
        assert page.exit_code == 0, page.output
        shown += [x for x in page.output.splitlines() if x.startswith(("Cite:", "URL:", "Source:"))]
    urls = re.findall(r"https?://\S+", "\n".join(shown))
    for url in urls:
        assert _is_primary(url), f"{ruleset_id}: shows {url}"
    owned = [r for r in load_ruleset(ruleset_id).rules if r.url]
    # Every url a rule has is shown (`explain baseline/x` shows baseline's own rule).
    assert len(urls) >= len(owned)


FIELD_VISIT = [
    FIXTURES / "citations" / "tw-field-visit.playbook",
    FIXTURES / "citations" / "tw-field-visit.playbook.yaml",
]


@pytest.mark.parametrize("ruleset_id", sorted(JURISDICTION_OF))
@pytest.mark.parametrize("path", FIELD_VISIT, ids=lambda p: p.name)
def test_a_field_visit_finding_names_no_other_jurisdictions_law(
    path: Path, ruleset_id: str
) -> None:
    text = path.read_text(encoding="utf-8")
    findings = lint_text(text, str(path), [ruleset_id], own_jurisdiction=False).findings
    # The first contact is a visit: every ruleset has something to say about it.
    assert any(f.code in ("PB301", "PB303") for f in findings), ruleset_id
    own = JURISDICTION_OF[ruleset_id]
    for finding in findings:
        said = f"{finding.cite or ''} {finding.url or ''}"
        for other, markers in MARKERS.items():
            if other != own:
                named = [m for m in markers if m in said]
                assert not named, f"{ruleset_id} {finding.code} cites {other}: {said}"


def test_the_taiwanese_visit_is_practice_with_no_foreign_citation() -> None:
    findings = lint_text(FIELD_VISIT[0].read_text(encoding="utf-8"), "t.playbook").findings
    visit = next(f for f in findings if f.code == "PB301")
    assert (visit.rule, visit.cite, visit.url) == (
        "baseline/visit-after-summons",
        "practice (baseline)",
        None,
    )


def test_baseline_alone_keeps_its_sources() -> None:
    # With no jurisdiction the rule is baseline's own, and says where the practice is written.
    rule = load_ruleset("baseline").rule("visit-after-summons")
    assert rule is not None
    assert rule.url is not None
    assert "accc.gov.au" in rule.url


def test_sources_page_covers_every_ruleset() -> None:
    page = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
    for ruleset_id in bundled_ruleset_ids():
        assert f"## {ruleset_id}" in page, ruleset_id
    for _, url in URLS:
        assert url in page, url


def test_a_company_ruleset_inherits_neutral_citations_and_may_cite_its_own(
    tmp_path: Path,
) -> None:
    # A lender's own ruleset on top of baseline: inherited practice names no foreign law;
    # a rule it re-cites shows its citation; `source` explains a rule with no url, and is
    # dropped once a url is given.
    path = tmp_path / "acme.yaml"
    path.write_text(
        "id: acme\n"
        "title: Acme Finance house rules\n"
        "extends: [baseline]\n"
        "rules:\n"
        "  no-threats:\n"
        "    cite: Acme code of conduct s4\n"
        "    source: Internal code of conduct, not published; kept by the compliance team.\n"
        "  visit-after-summons:\n"
        "    cite: Acme field policy 2.1\n"
        "    url: https://www.accc.gov.au/x\n",
        encoding="utf-8",
    )
    acme = load_ruleset(str(path))
    contact = acme.rule("contact-before-escalation")
    assert contact is not None
    assert (contact.cite, contact.url) == ("practice (baseline)", None)
    threats = acme.rule("no-threats")
    assert threats is not None
    assert (threats.cite, threats.url) == ("Acme code of conduct s4", None)
    assert threats.source == "Internal code of conduct, not published; kept by the compliance team."
    visit = acme.rule("visit-after-summons")
    assert visit is not None
    assert (visit.cite, visit.url, visit.source) == (
        "Acme field policy 2.1",
        "https://www.accc.gov.au/x",
        None,
    )
    page = CliRunner().invoke(main, ["explain", "cn-cba2026/visit-two-agents"]).output
    assert "Source:   No primary text is public" in page
