"""The questionnaire loader: one test per check, each pinning the exact line a user would see.

The messages are part of the product: a privacy lead fixes a file from them alone, and editors and
CI logs jump to ``path:line:col``. So every test asserts the whole line, not a fragment.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BUNDLED, WriteFile
from trustaudit.core.errors import InvalidFileError
from trustaudit.core.questionnaire import loader, locations
from trustaudit.core.questionnaire.model import Questionnaire

HEAD = """\
format: trustaudit/questionnaire@1
id: small
title: Small
version: "1"
sections:
"""
"""Five lines, so the first section starts on line 6 of every file built with ``body``."""

PILLAR = """\
  - id: collect
    kind: pillar
    title: Collect
    questions:
"""
"""Four more lines: with ``pillar`` the first question starts on line 10."""

CHOICE = """\
      - id: notice
        type: choice
        prompt: Notice?
        options:
          - { id: good, label: Good, risk: 0 }
          - { id: bad, label: Bad, risk: 1, recommend: Add a notice. }
"""

SMALL = """\
format: trustaudit/questionnaire@1
id: small
title: Small
version: "1"
sections:
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: multi
        prompt: What data?
        options:
          - { id: email, label: Email, impact: 20 }
          - { id: health, label: Health, impact: 80, dpia: 1 }
  - id: collect
    kind: pillar
    title: Collect
    questions:
      - id: notice
        type: choice
        weight: 3
        prompt: Notice?
        when: { question: kinds, any_of: [health] }
        options:
          - { id: good, label: Good, risk: 0 }
          - { id: bad, label: Bad, risk: 1, floor: high, recommend: Fix it. }
"""


def body(sections: str) -> str:
    """A questionnaire whose sections are ``sections`` (indented as list items of sections:)."""
    return HEAD + sections


def pillar(questions: str) -> str:
    """A questionnaire with one pillar section holding ``questions``."""
    return HEAD + PILLAR + questions


def problems(path: Path) -> list[str]:
    """Every problem ``check`` finds, as the lines ``trustaudit validate`` prints."""
    loaded, found = loader.check(path, path.name)
    assert (loaded is None) == bool(found)
    return [str(p) for p in found]


def only_problems(write: WriteFile, text: str | bytes, name: str = "q.yaml") -> list[str]:
    return problems(write(name, text))


def test_a_small_valid_questionnaire_loads_with_no_problems(write: WriteFile) -> None:
    loaded = loader.load(write("q.yaml", SMALL))
    assert [s.id for s in loaded.sections] == ["profile", "collect"]
    assert [q.id for q in loaded.questions] == ["kinds", "notice"]
    assert loaded.by_id["notice"].weight == 3
    assert loaded.scoring.bands.medium == 35


def test_load_raises_one_error_carrying_every_problem(write: WriteFile) -> None:
    second = CHOICE.replace("id: notice", "id: other").replace("prompt:", "promt:")
    path = write("q.yaml", pillar(CHOICE.replace("risk: 0 ", "risk: 2 ") + second))
    with pytest.raises(InvalidFileError) as caught:
        loader.load(path, "q.yaml")
    assert len(caught.value.problems) == 3


# --- YAML-level problems ------------------------------------------------------------------------


def test_duplicate_keys_are_reported_at_the_second_key(write: WriteFile) -> None:
    text = pillar(
        CHOICE.replace("        prompt: Notice?\n", "        prompt: A?\n        prompt: B?\n")
    )
    assert only_problems(write, text) == [
        "q.yaml:13:9: duplicate key 'prompt' (first at line 12); YAML keeps only the last one, "
        "so remove or rename one"
    ]


def test_unquoted_yes_as_an_id_and_no_as_a_label_say_quote_it(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("id: good", "id: yes").replace("label: Bad", "label: no"))
    assert only_problems(write, text) == [
        'q.yaml:14:19: id: yes is read by YAML as the boolean true; quote it: "yes"',
        'q.yaml:15:31: label: no is read by YAML as the boolean false; quote it: "no"',
    ]


def test_quoted_yes_and_no_are_fine(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("id: good", 'id: "yes"').replace("label: Bad", "label: 'no'"))
    loaded = loader.load(write("q.yaml", text))
    assert [o.id for o in loaded.by_id["notice"].options] == ["yes", "bad"]
    assert loaded.by_id["notice"].options[1].label == "no"


def test_unknown_fields_are_named_with_a_did_you_mean(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("prompt:", "promt:").replace("recommend:", "recomend:")).replace(
        "title: Small", "titel: Small"
    )
    assert only_problems(write, text) == [
        "q.yaml:1:1: missing required field 'title'",
        "q.yaml:3:1: unknown field 'titel'; did you mean 'title'?",
        "q.yaml:10:9: missing required field 'prompt'",
        "q.yaml:12:9: unknown field 'promt'; did you mean 'prompt'?",
        "q.yaml:15:45: unknown field 'recomend'; did you mean 'recommend'?",
    ]


def test_an_unknown_field_with_no_close_match_gets_no_guess(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("        prompt:", "        colour: red\n        prompt:"))
    assert only_problems(write, text) == ["q.yaml:12:9: unknown field 'colour'"]


def test_wrong_types_name_the_field_and_the_value(write: WriteFile) -> None:
    text = pillar(
        CHOICE.replace("prompt: Notice?", "prompt: Notice?\n        weight: heavy")
        .replace("risk: 0 ", "risk: low ")
        .replace("label: Bad", "label: [Bad]")
    )
    assert only_problems(write, text) == [
        "q.yaml:13:17: weight: input should be a valid integer, unable to parse string as an "
        "integer (got heavy)",
        "q.yaml:15:44: risk: input should be a valid number, unable to parse string as a number "
        "(got low)",
        "q.yaml:16:31: label: input should be a valid string",
    ]


def test_a_section_that_is_not_a_mapping_is_reported(write: WriteFile) -> None:
    assert only_problems(write, body("  - just a word\n")) == [
        "q.yaml:6:5: sections: expected a mapping of fields (key: value) (got just a word)"
    ]


def test_a_file_that_is_not_a_mapping_is_reported(write: WriteFile) -> None:
    assert only_problems(write, "- a\n- b\n") == [
        "q.yaml:1:1: a questionnaire file must be a mapping"
    ]


def test_tabs_are_reported_as_tabs(write: WriteFile) -> None:
    text = pillar("      - id: notice\n\t  type: choice\n")
    assert only_problems(write, text) == [
        "q.yaml:11:1: invalid YAML: a tab character here; YAML must be indented with spaces, "
        "not tabs"
    ]


def test_an_unclosed_bracket_is_reported_with_the_line_it_opened_on(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("prompt: Notice?", "prompt: [Notice?"))
    assert only_problems(write, text) == [
        "q.yaml:13:16: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence started at line 12)"
    ]


def test_an_unclosed_brace_at_the_end_is_reported_at_the_end(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("Add a notice. }", "Add a notice."))
    assert only_problems(write, text) == [
        "q.yaml:16:1: invalid YAML: did not find expected ',' or '}' "
        "(while parsing a flow mapping started at line 15)"
    ]


def test_an_empty_file_is_reported(write: WriteFile) -> None:
    assert only_problems(write, "") == ["q.yaml:1:1: the file is empty"]


def test_a_binary_file_is_reported(write: WriteFile) -> None:
    assert only_problems(write, bytes(range(256))) == [
        "q.yaml:1:1: this is a binary file, not YAML text"
    ]


def test_a_python_object_tag_is_refused(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("prompt: Notice?", "prompt: !!python/object:os.system Notice?"))
    assert only_problems(write, text) == [
        "q.yaml:12:17: the tag !!python/object:os.system is not allowed; remove it"
    ]


def test_an_alias_is_refused(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("prompt: Notice?", "prompt: Notice?\n        help: *p"))
    assert only_problems(write, text) == [
        "q.yaml:13:15: YAML aliases (*name) are not supported; write the value out"
    ]


def test_an_anchor_is_refused(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("prompt: Notice?", "prompt: &p Notice?"))
    assert only_problems(write, text) == [
        "q.yaml:12:17: YAML anchors (&name) are not supported; write the value out"
    ]


def test_control_characters_in_prompts_are_stripped(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("prompt: Notice?", r'prompt: "No\e]0;x\atice\u202e?\x9b"'))
    loaded = loader.load(write("q.yaml", text))
    assert loaded.by_id["notice"].prompt == "No]0;xtice?"


# --- conditions ---------------------------------------------------------------------------------


def with_second(when: str, first: str = CHOICE) -> str:
    """A pillar with ``first`` and then a question ``later`` (line 16) whose when is ``when``."""
    later = CHOICE.replace("id: notice", "id: later").replace(
        "Notice?", f"Later?\n        when: {when}"
    )
    return pillar(first + later)


def test_a_when_naming_no_question_is_dangling(write: WriteFile) -> None:
    text = with_second("{ question: ghost, equals: good }")
    assert only_problems(write, text) == ["q.yaml:19:15: when: there is no question 'ghost'"]


def test_a_when_naming_a_later_question_is_a_forward_reference(write: WriteFile) -> None:
    first = CHOICE.replace("Notice?", "Notice?\n        when: { question: later, equals: good }")
    text = with_second("{ question: notice, equals: good }", first=first)
    assert only_problems(write, text) == [
        "q.yaml:13:15: when: 'later' comes after this question; a condition may only name an "
        "earlier question"
    ]


def test_a_when_naming_its_own_question_is_refused(write: WriteFile) -> None:
    text = with_second("{ question: later, equals: good }")
    assert only_problems(write, text) == ["q.yaml:19:15: when: a question cannot depend on itself"]


def test_a_when_naming_a_missing_option_is_reported_inside_nested_conditions(
    write: WriteFile,
) -> None:
    text = with_second(
        "{ all: [{ question: notice, equals: good },"
        " { not: { question: notice, any_of: [ugly] } }] }"
    )
    assert only_problems(write, text) == [
        "q.yaml:19:15: when: question 'notice' has no option 'ugly'"
    ]


def test_a_when_on_a_text_question_is_refused(write: WriteFile) -> None:
    text_question = "      - id: notice\n        type: text\n        prompt: Say it\n"
    text = with_second("{ question: notice, none_of: [good] }", first=text_question)
    assert only_problems(write, text) == [
        "q.yaml:16:15: when: 'notice' is a text question; conditions need a choice or multi "
        "question"
    ]


def test_a_when_needs_exactly_one_test(write: WriteFile) -> None:
    text = with_second("{ question: notice, equals: good, any_of: [bad] }")
    assert only_problems(write, text) == [
        "q.yaml:19:15: when: a condition needs exactly one of equals, any_of or none_of"
    ]


def test_every_leaf_of_a_condition_is_checked_after_a_bad_one(write: WriteFile) -> None:
    """One bad leaf (dangling, on a text question, on a question dropped for its own problems)
    must not hide the problems of the leaves after it: a user fixes the file in one pass."""
    later_leaf = "{ question: notice, equals: ugly }"
    dangling = with_second(f"{{ all: [{{ question: ghost, equals: good }}, {later_leaf}] }}")
    assert only_problems(write, dangling) == [
        "q.yaml:19:15: when: there is no question 'ghost'",
        "q.yaml:19:15: when: question 'notice' has no option 'ugly'",
    ]
    words = "      - id: words\n        type: text\n        prompt: Say it\n"
    on_text = with_second(
        f"{{ any: [{{ question: words, equals: good }}, {later_leaf}] }}", first=words + CHOICE
    )
    assert only_problems(write, on_text) == [
        "q.yaml:22:15: when: 'words' is a text question; conditions need a choice or multi "
        "question",
        "q.yaml:22:15: when: question 'notice' has no option 'ugly'",
    ]
    broken = CHOICE.replace("id: notice", "id: broken").replace("risk: 0 }", "risk: 2 }")
    on_broken = with_second(
        f"{{ all: [{{ question: broken, equals: good }}, {later_leaf}] }}", first=broken + CHOICE
    )
    assert only_problems(write, on_broken) == [
        "q.yaml:14:44: risk: input should be less than or equal to 1 (got 2)",
        "q.yaml:25:15: when: question 'notice' has no option 'ugly'",
    ]


def test_a_when_with_no_test_is_refused(write: WriteFile) -> None:
    text = with_second("{ question: notice }")
    assert only_problems(write, text) == [
        "q.yaml:19:15: when: a condition needs exactly one of equals, any_of or none_of"
    ]


def test_every_condition_form_is_accepted(write: WriteFile) -> None:
    text = with_second(
        "{ any: [{ question: notice, equals: good }, { all: [{ question: notice, any_of: [bad] },"
        " { not: { question: notice, none_of: [good, bad] } }] }] }"
    )
    assert only_problems(write, text) == []


# --- options by section kind --------------------------------------------------------------------


PROFILE = """\
  - id: profile
    kind: profile
    title: Profile
    questions:
      - id: kinds
        type: choice
        prompt: Kinds?
        options:
          - { id: email, label: Email, impact: 20 }
          - { id: health, label: Health, impact: 80 }
"""


def test_a_pillar_option_without_risk_is_reported(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("label: Bad, risk: 1,", "label: Bad,"))
    assert only_problems(write, text) == [
        "q.yaml:15:13: option 'bad' needs a risk from 0 (exemplary) to 1 (failing): 'collect' is a "
        "pillar section"
    ]


def test_a_profile_option_with_risk_or_floor_is_reported(write: WriteFile) -> None:
    text = body(
        PROFILE.replace("impact: 20 }", "impact: 20, risk: 0.5 }").replace(
            "impact: 80 }", "impact: 80, floor: high }"
        )
    )
    assert only_problems(write, text) == [
        "q.yaml:14:52: risk: profile options are not scored as risk; use impact, benefit or dpia",
        "q.yaml:15:54: floor: profile options are not scored as risk; use impact, benefit or dpia",
    ]


def test_a_pillar_option_with_impact_is_reported(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("risk: 0 }", "risk: 0, impact: 10 }"))
    assert only_problems(write, text) == [
        "q.yaml:14:47: impact: only profile options have this; 'collect' is a pillar"
    ]


def test_profile_only_question_fields_on_a_pillar_question_are_reported(write: WriteFile) -> None:
    extra = (
        "        type: multi\n        combine: sum\n        cap: 50\n        unknown_impact: 10\n"
    )
    text = pillar(CHOICE.replace("        type: choice\n", extra))
    assert only_problems(write, text) == [
        "q.yaml:13:9: cap: only profile questions have this; 'collect' is a pillar",
        "q.yaml:14:9: unknown_impact: only profile questions have this; 'collect' is a pillar",
    ]


def test_pillar_only_question_fields_on_a_profile_question_are_reported(write: WriteFile) -> None:
    extra = "        weight: 2\n        unknown_risk: 0.5\n        prompt:"
    text = body(PROFILE.replace("        prompt:", extra))
    assert only_problems(write, text) == [
        "q.yaml:12:9: weight: only pillar questions are weighted",
        "q.yaml:13:9: unknown_risk: profile questions are not scored as risk; use unknown_impact",
    ]


def test_values_out_of_range_are_reported_with_the_value(write: WriteFile) -> None:
    text = body(
        PROFILE.replace("impact: 20", "impact: 180")
        + PILLAR
        + CHOICE.replace("risk: 1,", "risk: 1.5,").replace(
            "prompt: Notice?", "prompt: Notice?\n        weight: 4"
        )
    )
    assert only_problems(write, text) == [
        "q.yaml:14:48: impact: input should be less than or equal to 100 (got 180)",
        "q.yaml:23:17: weight: input should be less than or equal to 3 (got 4)",
        "q.yaml:26:42: risk: input should be less than or equal to 1 (got 1.5)",
    ]


ONE_OPTION = CHOICE.replace(
    "          - { id: bad, label: Bad, risk: 1, recommend: Add a notice. }\n", ""
)


def test_a_choice_question_with_one_option_is_refused(write: WriteFile) -> None:
    assert only_problems(write, pillar(ONE_OPTION)) == [
        "q.yaml:14:11: options: a choice question needs at least two options"
    ]


def test_a_text_question_with_options_is_refused(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("type: choice", "type: text"))
    assert only_problems(write, text) == ["q.yaml:14:11: options: a text question has no options"]


def test_combine_and_cap_are_refused_outside_multi_questions(write: WriteFile) -> None:
    combine = pillar(CHOICE.replace("prompt: Notice?", "prompt: Notice?\n        combine: sum"))
    assert only_problems(write, combine) == [
        "q.yaml:13:18: combine and cap only apply to multi questions"
    ]
    cap = pillar(CHOICE.replace("prompt: Notice?", "prompt: Notice?\n        cap: 50"))
    assert only_problems(write, cap) == [
        "q.yaml:13:9: cap: only profile questions have this; 'collect' is a pillar",
        "q.yaml:13:14: combine and cap only apply to multi questions",
        "q.yaml:13:14: cap only applies with combine: sum",
    ]


def test_a_multi_question_with_one_option_is_fine_but_not_with_none(write: WriteFile) -> None:
    multi = ONE_OPTION.replace("type: choice", "type: multi")
    assert only_problems(write, pillar(multi)) == []
    empty = multi.replace("          - { id: good, label: Good, risk: 0 }\n", "").replace(
        "options:\n", "options: []\n"
    )
    assert only_problems(write, pillar(empty)) == [
        "q.yaml:13:18: options: a multi question needs at least one option"
    ]


@pytest.mark.parametrize("levels", ["[25, 25, 75]", "[25, 75, 75]", "[50, 25, 75]"])
def test_levels_that_do_not_strictly_increase_are_refused(write: WriteFile, levels: str) -> None:
    text = SMALL.replace('version: "1"\n', f'version: "1"\nscoring:\n  levels: {levels}\n')
    assert only_problems(write, text) == [
        "q.yaml:6:3: scoring: levels must be three increasing numbers, like [25, 50, 75]"
    ]


@pytest.mark.parametrize(
    "bands", ["{ medium: 50, high: 50 }", "{ high: 75 }", "{ medium: 60, high: 55 }"]
)
def test_bands_that_do_not_strictly_increase_are_refused(write: WriteFile, bands: str) -> None:
    text = SMALL.replace('version: "1"\n', f'version: "1"\nscoring:\n  bands: {bands}\n')
    assert only_problems(write, text) == [
        "q.yaml:6:3: scoring: bands must increase: medium < high < critical"
    ]


# --- duplicate ids ------------------------------------------------------------------------------


def test_a_section_id_used_twice_in_a_file_is_reported(write: WriteFile) -> None:
    second = CHOICE.replace("id: notice", "id: other")
    text = body(PILLAR + CHOICE + PILLAR + second)
    assert only_problems(write, text) == ["q.yaml:16:9: section id 'collect' is used twice"]


def test_a_question_id_used_twice_across_sections_is_reported(write: WriteFile) -> None:
    text = body(PILLAR + CHOICE + PILLAR.replace("collect", "state") + CHOICE)
    assert only_problems(write, text) == [
        "q.yaml:20:13: question id 'notice' is used twice; answers are stored by id, so each must "
        "be unique in the questionnaire"
    ]


def test_an_option_id_used_twice_in_a_question_is_reported(write: WriteFile) -> None:
    text = pillar(CHOICE.replace("id: bad", "id: good"))
    assert only_problems(write, text) == [
        "q.yaml:15:19: option id 'good' is used twice in question 'notice'"
    ]


def test_the_same_option_id_in_two_questions_is_fine(write: WriteFile) -> None:
    text = pillar(CHOICE + CHOICE.replace("id: notice", "id: other"))
    assert only_problems(write, text) == []


# --- all at once --------------------------------------------------------------------------------


def test_several_distinct_problems_are_all_reported_in_one_run_sorted_by_line(
    write: WriteFile,
) -> None:
    text = body(
        PROFILE.replace("impact: 80 }", "impact: 80, risk: 1 }")
        + PILLAR
        + CHOICE.replace("id: good", "id: yes")
        .replace("label: Bad, risk: 1,", "label: Bad,")
        .replace("prompt:", "promt:")
        + CHOICE.replace("id: notice", "id: later").replace(
            "Notice?", "Later?\n        when: { question: ghost, equals: x }"
        )
    ).replace('version: "1"', "version: 1\ndescriptoin: typo")
    assert only_problems(write, text) == [
        'q.yaml:4:10: version: 1 is read by YAML as the number 1; quote it: "1"',
        "q.yaml:5:1: unknown field 'descriptoin'; did you mean 'description'?",
        "q.yaml:16:54: risk: profile options are not scored as risk; use impact, benefit or dpia",
        "q.yaml:21:9: missing required field 'prompt'",
        "q.yaml:23:9: unknown field 'promt'; did you mean 'prompt'?",
        'q.yaml:25:19: id: yes is read by YAML as the boolean true; quote it: "yes"',
        "q.yaml:30:15: when: there is no question 'ghost'",
    ]


# --- extends ------------------------------------------------------------------------------------


PARENT = """\
format: trustaudit/questionnaire@1
id: parent
title: Parent
version: "1"
scoring:
  bands: { medium: 10, high: 20, critical: 30 }
sections:
  - id: collect
    kind: pillar
    title: Collect
    questions:
      - id: first
        type: choice
        prompt: First?
        options:
          - { id: good, label: Good, risk: 0 }
          - { id: bad, label: Bad, risk: 1 }
      - id: second
        type: choice
        prompt: Second?
        options:
          - { id: good, label: Good, risk: 0 }
          - { id: bad, label: Bad, risk: 1 }
      - id: third
        type: choice
        prompt: Third?
        options:
          - { id: good, label: Good, risk: 0 }
          - { id: bad, label: Bad, risk: 1 }
"""


def child(extends: str, rest: str = "sections: []\n", child_id: str = "child") -> str:
    """A file that extends ``extends``; its ``extends:`` key is on line 5, the value at col 10."""
    return (
        f'format: trustaudit/questionnaire@1\nid: {child_id}\ntitle: Child\nversion: "2"\n'
        f"extends: {extends}\n{rest}"
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in tmp_path, so its questionnaires/ folder is the project folder of the lookup order."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load_child(write: WriteFile, rest: str, extends: str = "parent.yaml") -> Questionnaire:
    write("parent.yaml", PARENT)
    return loader.load(write("child.yaml", child(extends, rest)))


def test_extends_by_relative_path_inherits_everything(write: WriteFile) -> None:
    write("shared/parent.yaml", PARENT)
    loaded = loader.load(write("teams/child.yaml", child("../shared/parent.yaml")))
    assert (loaded.id, loaded.title, loaded.version) == ("child", "Child", "2")
    assert [q.id for q in loaded.questions] == ["first", "second", "third"]
    assert loaded.scoring.bands.critical == 30
    assert [p.name for p in loaded.chain] == ["parent.yaml", "child.yaml"]


def test_extends_by_relative_path_ignores_the_display_name(write: WriteFile) -> None:
    write("shared/parent.yaml", PARENT)
    path = write("teams/child.yaml", child("../shared/parent.yaml"))
    loaded, found = loader.check(path, "shown-elsewhere/child.yaml")
    assert found == []
    assert loaded is not None


def test_extends_by_id_finds_the_project_questionnaires_folder(
    write: WriteFile, project: Path
) -> None:
    write("questionnaires/parent.yaml", PARENT)
    loaded = loader.load(write("elsewhere/child.yaml", child("parent")))
    assert [q.id for q in loaded.questions] == ["first", "second", "third"]
    assert loaded.chain[0] == (project / "questionnaires" / "parent.yaml").resolve()


def test_a_partial_child_bands_keeps_the_parents_other_bands(write: WriteFile) -> None:
    loaded = load_child(write, "scoring:\n  bands: { high: 25 }\n  unknown_risk: 0.5\n")
    assert loaded.scoring.bands.model_dump() == {"medium": 10, "high": 25, "critical": 30}
    assert loaded.scoring.unknown_risk == 0.5
    assert loaded.scoring.levels == (25, 50, 75)


def test_a_partial_child_bands_over_a_parent_without_scoring_keeps_the_defaults(
    write: WriteFile,
) -> None:
    write(
        "parent.yaml",
        PARENT.replace("scoring:\n  bands: { medium: 10, high: 20, critical: 30 }\n", ""),
    )
    loaded = loader.load(
        write("child.yaml", child("parent.yaml", "scoring:\n  bands: { critical: 80 }\n"))
    )
    assert loaded.scoring.bands.model_dump() == {"medium": 35, "high": 55, "critical": 80}


def test_a_child_without_scoring_keeps_the_parents(write: WriteFile) -> None:
    loaded = load_child(write, "sections: []\n")
    assert loaded.scoring.bands.model_dump() == {"medium": 10, "high": 20, "critical": 30}


def test_merged_bands_that_no_longer_increase_are_reported_at_the_childs_scoring(
    write: WriteFile, project: Path
) -> None:
    write("parent.yaml", PARENT)
    path = write("child.yaml", child("parent.yaml", "scoring:\n  bands: { high: 35 }\n"))
    assert problems(path) == [
        "child.yaml:7:3: scoring: bands must increase: medium < high < critical"
    ]


def test_a_child_question_with_a_parents_id_replaces_it_in_place(write: WriteFile) -> None:
    rest = "sections:\n  - id: collect\n    questions:\n" + CHOICE.replace(
        "id: notice", "id: second"
    ).replace("Notice?", "Second, sharper?")
    loaded = load_child(write, rest)
    assert [q.id for q in loaded.questions] == ["first", "second", "third"]
    assert loaded.by_id["second"].prompt == "Second, sharper?"


def test_new_child_questions_are_appended_and_new_sections_added(write: WriteFile) -> None:
    rest = (
        "sections:\n  - id: collect\n    title: Collect clearly\n    questions:\n"
        + CHOICE
        + PILLAR.replace("collect", "extra").replace("Collect", "Extra")
        + CHOICE.replace("id: notice", "id: more")
    )
    loaded = load_child(write, rest)
    assert [q.id for q in loaded.questions] == ["first", "second", "third", "notice", "more"]
    assert [(s.id, s.title) for s in loaded.sections] == [
        ("collect", "Collect clearly"),
        ("extra", "Extra"),
    ]


def test_remove_drops_parent_questions(write: WriteFile) -> None:
    loaded = load_child(write, "sections:\n  - id: collect\n    remove: [first, third]\n")
    assert [q.id for q in loaded.questions] == ["second"]


def test_remove_of_a_missing_id_is_reported_at_that_id(write: WriteFile, project: Path) -> None:
    write("parent.yaml", PARENT)
    path = write(
        "child.yaml",
        child("parent.yaml", "sections:\n  - id: collect\n    remove: [first, ghost]\n"),
    )
    assert problems(path) == ["child.yaml:8:21: remove: the parent section has no question 'ghost'"]


def test_a_new_section_needs_a_kind_and_title(write: WriteFile, project: Path) -> None:
    write("parent.yaml", PARENT)
    path = write(
        "child.yaml",
        child("parent.yaml", "sections:\n  - id: extra\n" + "    questions:\n" + CHOICE),
    )
    assert problems(path) == [
        "child.yaml:7:5: section 'extra' needs a kind and title (profile or pillar)"
    ]


def test_an_extends_loop_is_reported_with_the_whole_loop(write: WriteFile, project: Path) -> None:
    write("a.yaml", child("b.yaml", child_id="a"))
    write("b.yaml", child("a.yaml", child_id="b"))
    assert problems(project / "a.yaml") == ["b.yaml:5:10: extends loops: a.yaml → b.yaml → a.yaml"]


def test_a_file_extending_itself_by_path_is_a_loop(write: WriteFile, project: Path) -> None:
    path = write("a.yaml", child("./a.yaml", child_id="a"))
    assert problems(path) == ["a.yaml:5:10: extends loops: a.yaml → a.yaml"]


def test_an_extends_loop_by_id_is_reported(write: WriteFile, project: Path) -> None:
    write("questionnaires/a.yaml", child("b", child_id="a"))
    write("questionnaires/b.yaml", child("a", child_id="b"))
    assert problems(project / "questionnaires" / "a.yaml") == [
        "questionnaires/b.yaml:5:10: extends loops: questionnaires/a.yaml → "
        "questionnaires/b.yaml → questionnaires/a.yaml"
    ]


def test_a_project_copy_extending_its_own_id_extends_the_bundled_one(
    write: WriteFile, project: Path
) -> None:
    rest = "sections:\n  - id: collect-clearly\n    remove: [data-access]\n"
    path = write("questionnaires/trust-audit.yaml", child("trust-audit", rest, "trust-audit"))
    loaded = loader.load(path)
    bundled = loader.load(BUNDLED)
    assert loaded.chain == (BUNDLED.resolve(), path.resolve())
    assert len(loaded.questions) == len(bundled.questions) - 1
    assert "data-access" not in loaded.by_id


def test_self_extension_layers_project_on_user_on_bundled(write: WriteFile, project: Path) -> None:
    user = locations.user_folder() / "trust-audit.yaml"
    user.parent.mkdir(parents=True)
    rest = "sections:\n  - id: collect-clearly\n    remove: [{}]\n"
    user.write_text(child("trust-audit", rest.format("data-access"), "trust-audit"))
    path = write(
        "questionnaires/trust-audit.yaml",
        child("trust-audit", rest.format("privacy-defaults"), "trust-audit"),
    )
    loaded = loader.load(path)
    assert loaded.chain == (BUNDLED.resolve(), user.resolve(), path.resolve())
    assert "data-access" not in loaded.by_id
    assert "privacy-defaults" not in loaded.by_id


def test_an_extends_id_that_cannot_be_found_is_reported(write: WriteFile, project: Path) -> None:
    found = problems(write("child.yaml", child("nowhere")))
    assert len(found) == 1
    assert found[0].startswith(
        "child.yaml:5:10: extends: no questionnaire with id 'nowhere' (looked in "
    )


def test_an_extends_path_that_cannot_be_found_is_reported(write: WriteFile, project: Path) -> None:
    assert problems(write("child.yaml", child("./missing.yaml"))) == [
        f"child.yaml:5:10: extends: no questionnaire file at {project / 'missing.yaml'}"
    ]


def test_problems_in_the_parent_are_reported_at_the_parent(write: WriteFile, project: Path) -> None:
    write("parent.yaml", PARENT.replace("risk: 1 }", "risk: 3 }", 1))
    assert problems(write("child.yaml", child("parent.yaml"))) == [
        "parent.yaml:17:42: risk: input should be less than or equal to 1 (got 3)"
    ]


# --- the content hash ---------------------------------------------------------------------------


def test_the_hash_ignores_comments_layout_and_key_order(write: WriteFile) -> None:
    reformatted = """\
# The same questionnaire, written differently.
version: '1'
title: "Small"
id: small
format: trustaudit/questionnaire@1
sections:
- kind: profile
  id: profile
  title: Profile
  questions:
  - {id: kinds, type: multi, prompt: "What data?", options: [
      {label: Email, id: email, impact: 20.0},
      {id: health, dpia: 1, impact: 80, label: Health}]}
- id: collect
  title: Collect
  kind: pillar
  questions:
  - id: notice
    prompt: Notice?   # trailing comment
    type: choice
    weight: 3
    when: {any_of: [health], question: kinds}
    options:
    - {risk: 0, id: good, label: Good}
    - recommend: Fix it.
      floor: high
      risk: 1
      label: Bad
      id: bad
"""
    first = loader.load(write("a.yaml", SMALL))
    second = loader.load(write("b.yaml", reformatted))
    assert len(first.sha256) == 64
    assert first.sha256 == second.sha256


def test_the_hash_changes_when_a_risk_changes(write: WriteFile) -> None:
    first = loader.load(write("a.yaml", SMALL))
    changed = loader.load(write("b.yaml", SMALL.replace("risk: 1,", "risk: 0.9,")))
    assert first.sha256 != changed.sha256


@pytest.mark.parametrize(
    "scoring",
    [
        "unknown_risk: 0.8",
        "likelihood_blend: 0.5",
        "levels: [20, 50, 75]",
        "bands: { medium: 30 }",
        "axis_floor: high",
        "axis_threshold: 80",
        "planned_credit: 0.5",
        "dpia_threshold: 3",
        "provisional_below: 0.5",
    ],
)
def test_the_hash_changes_when_the_scoring_block_does(write: WriteFile, scoring: str) -> None:
    """A pin names the scoring model too: the same answers score differently under another."""
    first = loader.load(write("a.yaml", SMALL))
    changed = loader.load(
        write("b.yaml", SMALL.replace('version: "1"\n', f'version: "1"\nscoring:\n  {scoring}\n'))
    )
    assert first.scoring != changed.scoring
    assert first.sha256 != changed.sha256


def test_the_hash_is_the_same_when_the_scoring_block_spells_out_the_defaults(
    write: WriteFile,
) -> None:
    defaults = "scoring:\n  unknown_risk: 0.75\n  bands: { medium: 35, high: 55, critical: 75 }\n"
    first = loader.load(write("a.yaml", SMALL))
    spelled = loader.load(
        write("b.yaml", SMALL.replace('version: "1"\n', 'version: "1"\n' + defaults))
    )
    assert first.sha256 == spelled.sha256


# --- the bundled questionnaire ------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Questionnaire:
    loaded, found = loader.check(BUNDLED)
    assert found == []
    assert loaded is not None
    return loaded


def test_the_bundled_questionnaire_has_the_profile_and_the_three_pillars(
    bundled: Questionnaire,
) -> None:
    assert bundled.id == "trust-audit"
    assert [(s.id, s.kind) for s in bundled.sections] == [
        ("profile", "profile"),
        ("collect-clearly", "pillar"),
        ("state-intentions", "pillar"),
        ("deliver-purposefully", "pillar"),
    ]


def test_the_bundled_questionnaire_is_substantial(bundled: Questionnaire) -> None:
    assert all(len(s.questions) >= 9 for s in bundled.pillars)
    assert len(bundled.questions) >= 35


def test_every_bundled_question_says_why_it_matters(bundled: Questionnaire) -> None:
    assert [q.id for q in bundled.questions if not (q.help or "").strip()] == []


def test_every_risky_bundled_option_says_what_to_do_instead(bundled: Questionnaire) -> None:
    missing = [
        f"{q.id}/{o.id}"
        for s in bundled.pillars
        for q in s.questions
        for o in q.options
        if (o.risk or 0) > 0 and not (o.recommend or "").strip()
    ]
    assert missing == []


def test_the_bundled_file_points_editors_at_the_schema() -> None:
    first = BUNDLED.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=questionnaire.schema.json"


def test_every_missing_top_level_field_is_reported_even_at_one_place(write: WriteFile) -> None:
    assert only_problems(write, "sections: []\n") == [
        "q.yaml:1:1: not a trustaudit questionnaire: it needs "
        "`format: trustaudit/questionnaire@1` at the top"
    ]
    assert only_problems(write, "format: trustaudit/questionnaire@1\nsections: []\n") == [
        "q.yaml:1:1: missing required field 'id'",
        "q.yaml:1:1: missing required field 'title'",
        "q.yaml:1:1: missing required field 'version'",
    ]


def test_a_line_break_in_a_key_cannot_split_a_problem_line(write: WriteFile) -> None:
    text = pillar(
        CHOICE.replace("prompt: Notice?", 'prompt: Notice?\n        "x\\nq.yaml:1:1: ok": 1')
    )
    assert only_problems(write, text) == ["q.yaml:13:9: unknown field 'x\\nq.yaml:1:1: ok'"]


def test_a_broken_section_does_not_make_later_conditions_dangle(write: WriteFile) -> None:
    later = PILLAR.replace("collect", "state") + CHOICE.replace("id: notice", "id: later").replace(
        "Notice?", "Later?\n        when: { question: notice, equals: good }"
    )
    text = body(PILLAR.replace("title:", "titel:") + CHOICE + later)
    assert only_problems(write, text) == [
        "q.yaml:8:5: unknown field 'titel'; did you mean 'title'?"
    ]


def test_a_new_section_without_kind_does_not_make_later_conditions_dangle(
    write: WriteFile,
) -> None:
    later = PILLAR.replace("collect", "state") + CHOICE.replace("id: notice", "id: later").replace(
        "Notice?", "Later?\n        when: { question: notice, equals: good }"
    )
    text = body(PILLAR.replace("    kind: pillar\n", "") + CHOICE + later)
    assert only_problems(write, text) == [
        "q.yaml:6:5: section 'collect' needs a kind (profile or pillar)"
    ]
