"""The DPIA screening vocabulary: the nine criteria of the EDPB-endorsed WP29 guidelines.

Article 29 Working Party, *Guidelines on Data Protection Impact Assessment (DPIA) and determining
whether processing is "likely to result in a high risk"*, WP248 rev.01 (4 October 2017, endorsed
by the EDPB on 25 May 2018), section III.B.a: processing that meets two criteria will in most
cases need a DPIA. A profile option names the criteria it meets (``dpia_criteria:``); each counts
once however many options name it (``scoring.dpia``). The labels are our own short names for the
guidelines' headings; docs/questionnaire-format.md lists them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import WithJsonSchema

from trustaudit.core.fields import Id

CRITERIA: dict[str, str] = {
    "evaluation-scoring": "evaluation or scoring",
    "automated-decision": "automated decisions with legal or similar effect",
    "systematic-monitoring": "systematic monitoring",
    "sensitive-data": "sensitive or highly personal data",
    "large-scale": "large scale",
    "matching-datasets": "matching or combining datasets",
    "vulnerable-subjects": "vulnerable people",
    "innovative-technology": "innovative technology",
    "prevents-rights": "blocking a right, a service or a contract",
}
"""The nine criteria by id, in the guidelines' order, with the name the report gives each."""

Criterion = Annotated[Id, WithJsonSchema({"type": "string", "enum": list(CRITERIA)})]
"""A criterion id; ``validate`` reports an unknown one with the closest known id."""

Exemption = Literal["recital-91"]
"""``recital-91``: processing of patients' or clients' data by one physician, other health
professional or lawyer is not large scale, and a DPIA should not be mandatory (GDPR recital 91;
WP248 rev.01 gives it as an example where a DPIA is not likely required)."""

EXEMPTIONS: dict[str, str] = {
    "recital-91": "one doctor's, health professional's or lawyer's own patients or clients "
    "(GDPR recital 91)",
}
"""What each exemption covers, as the report says it."""
