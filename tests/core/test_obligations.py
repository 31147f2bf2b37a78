"""Obligations: the bundled catalogues and mapping, where each law applies, and each status.

Each test answers a plain feature at its best (nothing at risk) and changes the answers it is
about, so a status can only come from those answers (docs/obligations.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import WriteFile
from tests.core.obligationkit import answers, bundled, by_id, ids, obligations
from trustaudit.core.assessment.model import Answer
from trustaudit.core.obligations import loading
from trustaudit.core.obligations.status import ObligationMap, touches
from trustaudit.core.questionnaire import loader, locations

CATALOGUES = locations.bundled_folder() / "obligations"


# --- the bundled catalogues and questionnaire --------------------------------------------------


def test_every_bundled_catalogue_loads_and_every_entry_has_a_title_summary_and_link() -> None:
    found, problems = loading.load([CATALOGUES])
    assert problems == []
    files = sorted(CATALOGUES.glob("*.yaml"))
    assert len(found.catalogues) == len(files) == 9
    for catalogue in found.catalogues:
        assert catalogue.licence.strip() and catalogue.link.startswith("http")
        assert catalogue.entries, catalogue.id
        for entry in catalogue.entries:
            assert entry.title.strip() and entry.ref.strip(), entry.id
            # One plain sentence: ends with a full stop, no second sentence inside.
            assert entry.summary.endswith("."), entry.id
            assert ". " not in entry.summary.rstrip(".").replace("e.g. ", ""), entry.id
            assert entry.link.startswith("https://"), entry.id


def test_no_obligation_id_is_used_twice_in_any_bundled_catalogue() -> None:
    seen: set[str] = set()
    for path in sorted(CATALOGUES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data["entries"]:
            oid = f"{data['id']}:{entry['id']}"
            assert oid not in seen, f"{path.name}: {oid} twice"
            seen.add(oid)
    assert len(seen) == len(loading.load([CATALOGUES])[0].by_id)


def test_every_pillar_question_of_the_bundled_questionnaire_carries_obligations_that_resolve() -> (
    None
):
    q = bundled()
    scored = [question for s in q.pillars for question in s.questions if question.type != "text"]
    assert scored
    for question in scored:
        assert question.obligations, f"{question.id} carries no obligations"
        for ref in question.obligations:
            assert q.obligations.get(ref) is not None, f"{question.id}: {ref}"
    assert loader.check(locations.bundled_folder() / "trust-audit.yaml")[1] == []


def test_a_catalogue_entry_without_a_link_or_with_a_repeated_id_is_reported(
    write: WriteFile, tmp_path: Path
) -> None:
    write(
        "obligations/house.yaml",
        """
        format: trustaudit/obligations@1
        id: house
        title: House rules
        short: House
        kind: code
        applies_in: [any]
        link: https://example.org/rules
        licence: Ours.
        version: "1"
        entries:
          - { id: r1, ref: "1", title: One, summary: Say it., link: https://example.org/1 }
          - { id: r1, ref: "1b", title: Again, summary: Say it again., link: https://example.org/2 }
          - { id: r2, ref: "2", title: Two, summary: No link. }
        """,
    )
    _, problems = loading.load([tmp_path / "obligations"])
    lines = [str(p) for p in problems]
    assert [line.split("house.yaml:")[1] for line in lines] == [
        "12:11: entry id 'r1' is used twice (first as entry 1)",
        "13:5: missing required field 'link'",
    ]


# --- where an obligation applies ---------------------------------------------------------------


def test_markets_decide_which_laws_are_listed() -> None:
    eu = ids(obligations(answers({"markets": ["eu"]})))
    california = ids(obligations(answers({"markets": ["california"]})))
    elsewhere = ids(obligations(answers({"markets": ["elsewhere"]})))
    assert "gdpr:13-1-c" in eu and not any(i.startswith(("ccpa:", "cppa:")) for i in eu)
    assert "ccpa:1798.100-a" in california and not any(i.startswith("gdpr:") for i in california)
    assert not any(i.startswith(("gdpr:", "ccpa:", "aadc:", "eprivacy:")) for i in elsewhere)
    # The voluntary frameworks apply wherever the feature is used.
    assert {"nist-pf:cm.aw-p1", "sp800-53:pt-5"} <= eu & california & elsewhere


def test_an_unanswered_markets_question_keeps_the_laws_listed_as_pending() -> None:
    found = by_id(obligations(answers({"markets": None})))
    assert found["gdpr:13-1-c"].pending == ("eu",)
    assert found["ccpa:1798.100-a"].pending == ("california",)
    assert found["nist-pf:cm.aw-p1"].pending == ()


def test_a_law_that_does_not_apply_is_not_at_risk_even_when_its_answer_is() -> None:
    bad = {"collection-notice": Answer(choice="none")}
    eu_only = obligations(answers({"markets": ["eu"]}, bad))
    assert "gdpr:13-1-c" in ids(eu_only, "at risk")
    assert "ccpa:1798.100-a" not in ids(eu_only)
    california = obligations(answers({"markets": ["california"]}, bad))
    assert "ccpa:1798.100-a" in ids(california, "at risk")
    assert "gdpr:13-1-c" not in ids(california)


def test_dsa_27_applies_only_to_online_platforms() -> None:
    unexplained = {"personalisation-explained": Answer(choice="none")}
    shop = obligations(answers({"platform": ["not-a-platform"]}, unexplained))
    small = obligations(answers({"platform": ["small-platform"]}, unexplained))
    platform = obligations(answers({"platform": ["online-platform"]}, unexplained))
    assert "dsa:27" not in ids(shop) and "dsa:27" not in ids(small)
    assert by_id(platform)["dsa:27"].status == "at risk"
    # Article 38 binds only platforms the Commission designated very large.
    assert "dsa:38" not in ids(platform)
    very_large = obligations(answers({"platform": ["very-large"]}, unexplained))
    assert by_id(very_large)["dsa:38"].status == "at risk"


# --- statuses ----------------------------------------------------------------------------------


def test_a_feature_answered_at_its_best_has_nothing_at_risk_or_unknown() -> None:
    found = obligations(answers())
    assert found.having("at risk", "unknown") == ()
    assert found.having("met")


@pytest.mark.parametrize("qid", ["collection-notice", "withdrawal", "security", "data-access"])
def test_an_answer_at_risk_puts_exactly_its_questions_obligations_at_risk(qid: str) -> None:
    q = bundled()
    question = q.by_id[qid]
    worst = max(question.options, key=lambda o: o.risk or 0.0)
    found = obligations(answers(pillar={qid: Answer(choice=worst.id)}))
    assert ids(found, "at risk") == set(question.obligations) & ids(found)
    for standing in found.having("at risk"):
        assert standing.because == (qid,)


def test_an_answer_below_the_medium_band_meets_its_obligations() -> None:
    # "On request, answered within a month" (risk 0.3) is below Medium (35): GDPR 15 is met.
    found = by_id(obligations(answers(pillar={"data-access": Answer(choice="on-request")})))
    assert found["gdpr:15"].status == "met"
    # "Only in the privacy policy" (risk 0.35) reaches Medium: 13(2)(a) is at risk.
    found = by_id(obligations(answers(pillar={"retention-stated": Answer(choice="policy-only")})))
    assert found["gdpr:13-2-a"].status == "at risk"


def test_a_red_flag_puts_its_obligations_at_risk() -> None:
    q = bundled()
    flagged = [o for o in q.by_id["sharing-contracts"].options if o.floor is not None]
    assert flagged
    found = by_id(obligations(answers(pillar={"sharing-contracts": Answer(choice=flagged[0].id)})))
    assert found["gdpr:28-3"].status == "at risk"


def test_dont_know_and_unanswered_make_their_obligations_unknown() -> None:
    found = by_id(obligations(answers(pillar={"retention-stated": Answer(unknown=True)})))
    assert found["gdpr:13-2-a"].status == "unknown"
    assert found["gdpr:13-2-a"].because == ("retention-stated",)
    pillar = answers()
    del pillar["retention-stated"]
    found = by_id(obligations(pillar))
    assert found["gdpr:13-2-a"].status == "unknown"


def test_at_risk_wins_over_unknown_and_met() -> None:
    found = by_id(
        obligations(
            answers(
                pillar={
                    "collection-notice": Answer(choice="none"),
                    "purpose-stated": Answer(unknown=True),
                }
            )
        )
    )
    standing = found["gdpr:13-1-c"]
    assert standing.status == "at risk" and standing.because == ("collection-notice",)
    assert set(standing.questions) >= {"collection-notice", "purpose-stated", "uses-listed"}


def test_an_obligation_no_question_touches_is_not_assessed() -> None:
    found = by_id(obligations(answers()))
    assert found["gdpr:35-1"].status == "not assessed"
    assert found["gdpr:35-1"].why == "no question of the questionnaire covers it"


def test_an_na_answer_says_nothing_about_its_obligations() -> None:
    found = by_id(obligations(answers(pillar={"granular-choices": Answer(na="One use only.")})))
    # 7(2) is still carried by plain-language and no-bundling, answered at their best.
    assert found["gdpr:7-2"].status == "met"
    assert "granular-choices" not in found["gdpr:7-2"].questions


# --- the question card's label -----------------------------------------------------------------


def test_touches_names_a_questions_obligations_grouped_by_law() -> None:
    q = bundled()
    assert touches(q, "personalisation-explained") == (
        "touches: GDPR 5(1)(a), 12(1) · DSA 26(1)(d), 27, 38 · AADC Standard 12 · NIST PF CM.AW-P3"
    )
    assert touches(q, "purpose-statement") == ""
    assert touches(q, "no-such-question") == ""


def test_touches_with_a_features_facts_leaves_out_laws_that_do_not_apply() -> None:
    q = bundled()
    from tests.core.obligationkit import assessment, scored

    feature = answers({"markets": ["eu"]})
    mapping = ObligationMap(q)
    facts = mapping.facts(assessment(feature).features[0], scored(feature))
    label = mapping.touches("collection-notice", facts)
    assert "GDPR" in label and "CCPA" not in label
