"""Every `url` in rulesets/ points at a primary source (issue 10 item 3, rulesets.md v2).

The hosts below publish the law itself: the legislature's or regulator's own text, or the
official verbatim mirror that regulations.md reads it in. A news article or an aggregator
may appear in a rule's `why`, never as its `url` — except where regulations.md names no
primary text at all; those rules are listed one by one with the reason, so a new one
cannot slip in unnoticed.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from playbook_lint.resources import rulesets_dir

PRIMARY_HOSTS = {
    "www.ecfr.gov": "Electronic Code of Federal Regulations (Regulation F)",
    "www.consumerfinance.gov": "CFPB: Regulation F and its official interpretations",
    "www.law.cornell.edu": "LII, the US Code (FDCPA, 15 USC 1692c)",
    "law.cornell.edu": "LII, 209 CMR 18.16 (Massachusetts), as regulations.md reads it",
    "www.fdic.gov": "FDIC: the FFIEC retail credit classification policy",
    "www.legislation.gov.uk": "UK legislation (Consumer Credit Act 1974)",
    "www.handbook.fca.org.uk": "FCA Handbook (CONC)",
    "www.accc.gov.au": "ACCC/ASIC Debt collection guideline",
    "www.rbi.org.in": "Reserve Bank of India: circulars and notifications",
    "www.sec.gov.ph": "Securities and Exchange Commission of the Philippines",
    "www.ojk.go.id": "Otoritas Jasa Keuangan: regulations",
    "revisedacts.lawreform.ie": "Law Reform Commission: revised Acts (Ireland)",
    "law.moj.gov.tw": "Laws & Regulations Database of the Republic of China (Taiwan)",
}

# regulations.md names no primary text for these: the Chinese standard and guideline and
# the department rules were read in press or mirror copies only (§2, §9 "gaps"), and the
# stop-on-payment practice has no text but practitioners' templates (§6).
NO_PRIMARY_NAMED = {
    "baseline/stop-on-payment": "practice; regulations.md §6 cites a practitioner template",
    "cn-gbt45251/quiet-hours": "GB/T 45251-2025 read in press copies only",
    "cn-gbt45251/effective-calls-per-day": "GB/T 45251-2025 read in press copies only",
    "cn-gbt45251/no-collection-from-contacts": "GB/T 45251-2025 read in press copies only",
    "cn-gbt45251/contact-refused": "GB/T 45251-2025 read in press copies only",
    "cn-gbt45251/no-disclosure-to-contacts": "GB/T 45251-2025 read in press copies only",
    "cn-gbt45251/no-threats": "2011 card measures read in a text mirror only",
    "cn-cba2026/call-attempts-per-day": "CBA 2026 guideline read in press copies only",
    "cn-cba2026/visit-two-agents": "CBA 2026 guideline read in press copies only",
    "cn-cba2026/no-false-legal-threats": "CBA 2026 guideline read in press copies only",
}


def _urls() -> list[tuple[str, str]]:
    """(ruleset/rule, url) for every rule of every bundled ruleset file that gives one."""
    found: list[tuple[str, str]] = []
    for path in sorted(Path(rulesets_dir()).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, body in (data.get("rules") or {}).items():
            if isinstance(body, dict) and "url" in body:
                found.append((f"{data['id']}/{name.split('/')[-1]}", str(body["url"])))
    return found


URLS = _urls()


def test_there_are_urls_to_judge() -> None:
    assert len(URLS) > 60


@pytest.mark.parametrize(("rule", "url"), URLS, ids=[r for r, _ in URLS])
def test_every_url_is_a_primary_source(rule: str, url: str) -> None:
    host = urlsplit(url).hostname or ""
    if rule in NO_PRIMARY_NAMED:
        assert host not in PRIMARY_HOSTS, f"{rule} now has a primary url: drop the exception"
        return
    assert url.startswith("https://"), rule
    assert host in PRIMARY_HOSTS, f"{rule}: {host} is not a primary source"


def test_the_exceptions_are_all_still_needed() -> None:
    rules = {rule for rule, _ in URLS}
    assert set(NO_PRIMARY_NAMED) <= rules


def test_a_news_site_is_refused() -> None:
    # The test's own teeth: the old Indonesian citation was a news article.
    host = urlsplit("https://economy.okezone.com/read/2024/07/13/x").hostname
    assert host not in PRIMARY_HOSTS
