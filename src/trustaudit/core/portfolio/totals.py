"""What a portfolio adds up to, gathered one product at a time as the roll-up streams them.

Per product only a short line is kept (the dashboard lists every product); everything else is a
running count: products and features per band, late plans by owner, pillar gaps, the questions
that fail, the questionnaires in use. Dates are judged by ``scoring.timing`` on the portfolio's
as-of date. The dashboard (``dashboard``) and the JSON form (``to_json``) show the same totals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from trustaudit.core.bands import BANDS, Band, band_rank
from trustaudit.core.portfolio.discovery import Source
from trustaudit.core.portfolio.rollup import Item, Product, Unreadable
from trustaudit.core.portfolio.summary import Summary
from trustaudit.core.scoring import timing

DUE_SOON_DAYS = 30
"""A review whose next review date falls within this many days of the as-of date is due soon."""


@dataclass(frozen=True)
class Line:
    """One product as the dashboard lists it."""

    product: str
    release: str
    source: str
    kind: str
    band: Band | None
    planned_band: Band | None
    mean_risk: float
    features: int
    review_by: dt.date | None
    review_due: bool
    due_soon: bool
    overdue: int
    lapsed: int
    as_of: dt.date
    questionnaire: str

    @property
    def order(self) -> tuple[int, int, float, str, str]:
        """Worst first: band now, then once plans are done, then mean risk; no band last."""
        now = band_rank(self.band) if self.band is not None else -1
        planned = band_rank(self.planned_band) if self.planned_band is not None else -1
        return (-now, -planned, -self.mean_risk, self.product.casefold(), self.source)


@dataclass(frozen=True)
class Changed:
    """A product whose answers are pinned to one questionnaire and were scored against another
    (its pin's version is not available any more, or the file changed since it was pinned)."""

    product: str
    source: str
    pinned: str
    scored: str


@dataclass
class Load:
    """One owner's late plans across the portfolio."""

    overdue: int = 0
    lapsed: int = 0
    products: int = 0
    last: int = -1
    """The last product counted (products arrive one at a time, each once)."""


@dataclass
class Gap:
    title: str
    total: float = 0.0
    features: int = 0

    @property
    def mean(self) -> float:
        return self.total / self.features if self.features else 0.0


@dataclass
class Fail:
    section: str
    products: int = 0
    features: int = 0
    risk: float = 0.0

    @property
    def mean_risk(self) -> float:
        return self.risk / self.features if self.features else 0.0


@dataclass
class Totals:
    as_of: dt.date
    lines: list[Line] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Summaries not counted: the review they were made from was read as well."""
    reviews: int = 0
    summaries: int = 0
    per_band: dict[Band, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    planned_per_band: dict[Band, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    features_per_band: dict[Band, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    planned_features_per_band: dict[Band, int] = field(
        default_factory=lambda: dict.fromkeys(BANDS, 0)
    )
    owners: dict[str | None, Load] = field(default_factory=dict)
    pillars: dict[str, Gap] = field(default_factory=dict)
    failing: dict[str, Fail] = field(default_factory=dict)
    questionnaires: dict[tuple[str, str, str | None], int] = field(default_factory=dict)
    changed: list[Changed] = field(default_factory=list)
    """Products scored against another questionnaire than the one their answers are pinned to."""
    reviewed: set[str] = field(default_factory=set)
    """The hashes of the review files counted (a summary of one of them is a duplicate)."""

    def add(self, item: Item) -> bool:
        """Count one item; False when it is a summary of a review already counted (skipped)."""
        if isinstance(item, Unreadable):
            self.unreadable.append(item)
            return True
        return self.product(item)

    def product(self, item: Product) -> bool:
        s, source = item.summary, item.source
        digest = s.review.sha256
        if digest is not None and digest in self.reviewed:
            self.skipped.append(source.name)
            return False
        if digest is not None:
            self.reviewed.add(digest)
        index = len(self.lines)
        line = _line(s, source, self.as_of)
        self.lines.append(line)
        if source.kind == "review":
            self.reviews += 1
        else:
            self.summaries += 1
        self.bands(s)
        for d in s.overdue:
            self.late(d.owner, index).overdue += 1
        for a in s.lapsed:
            self.late(a.accepted_by, index).lapsed += 1
        titles = {p.id: p.title for p in s.pillars}
        for f in s.features:
            for pid, gap in f.pillars.items():
                if gap is not None:
                    total = self.pillars.setdefault(pid, Gap(titles.get(pid, pid)))
                    total.total += gap
                    total.features += 1
        for q in s.failing:
            fail = self.failing.setdefault(q.question, Fail(titles.get(q.section, q.section)))
            fail.products += 1
            fail.features += q.features
            fail.risk += q.risk
        pin = s.questionnaire
        key = (pin.id, pin.version, pin.sha256)
        self.questionnaires[key] = self.questionnaires.get(key, 0) + 1
        if s.questionnaire_changed:
            pinned = f"{s.pinned.id} {s.pinned.version}"
            self.changed.append(Changed(s.product, source.name, pinned, line.questionnaire))
        return True

    def bands(self, s: Summary) -> None:
        h = s.headline
        if h.band is not None:
            self.per_band[h.band] += 1
        if h.planned_band is not None:
            self.planned_per_band[h.planned_band] += 1
        for band in BANDS:
            self.features_per_band[band] += h.features_per_band.get(band, 0)
            self.planned_features_per_band[band] += h.planned_features_per_band.get(band, 0)

    def late(self, owner: str | None, index: int) -> Load:
        load = self.owners.setdefault(owner, Load())
        if load.last != index:
            load.products += 1
            load.last = index
        return load

    # -- views --

    def ranked(self) -> list[Line]:
        return sorted(self.lines, key=lambda line: line.order)

    def due(self) -> tuple[list[Line], list[Line]]:
        """Reviews past their next review date (longest overdue first), and those due soon."""
        past = sorted((x for x in self.lines if x.review_due), key=_by_date)
        soon = sorted((x for x in self.lines if x.due_soon), key=_by_date)
        return past, soon

    def owner_loads(self) -> list[tuple[str | None, Load]]:
        """Owners with the most late plans first; plans without an owner count as one owner."""
        return sorted(
            self.owners.items(),
            key=lambda pair: (-(pair[1].overdue + pair[1].lapsed), pair[0] is None, pair[0] or ""),
        )

    def gaps(self) -> list[tuple[str, Gap]]:
        """Pillars, weakest (highest mean gap over every feature) first."""
        return sorted(self.pillars.items(), key=lambda pair: (-pair[1].mean, pair[0]))

    def fails(self) -> list[tuple[str, Fail]]:
        """Questions failing in the most products first, then in the most features."""
        return sorted(
            self.failing.items(),
            key=lambda pair: (-pair[1].products, -pair[1].features, -pair[1].risk, pair[0]),
        )

    def drift(self) -> dict[str, list[tuple[str, str | None, int]]]:
        """Per questionnaire id, its versions and hashes in use (version, sha256, products)."""
        out: dict[str, list[tuple[str, str | None, int]]] = {}
        for (qid, version, sha), count in sorted(
            self.questionnaires.items(), key=lambda pair: (pair[0][0], pair[0][1], pair[0][2] or "")
        ):
            out.setdefault(qid, []).append((version, sha, count))
        return out

    @property
    def drifted(self) -> bool:
        """More than one version or hash of a questionnaire, or answers scored against another
        questionnaire than their pin: drift across the portfolio, which is shown, never hidden."""
        return any(len(v) > 1 for v in self.drift().values()) or bool(self.changed)

    def to_json(self) -> dict[str, Any]:
        past, soon = self.due()
        gaps = self.gaps()
        return {
            "as_of": self.as_of.isoformat(),
            "products": len(self.lines),
            "reviews": self.reviews,
            "summaries": self.summaries,
            "unreadable": len(self.unreadable),
            "skipped": list(self.skipped),
            "products_per_band": dict(self.per_band),
            "planned_products_per_band": dict(self.planned_per_band),
            "features_per_band": dict(self.features_per_band),
            "planned_features_per_band": dict(self.planned_features_per_band),
            "review_due": [_due_json(x) for x in past],
            "review_due_soon": [_due_json(x) for x in soon],
            "owners": [
                {"owner": o, "overdue": x.overdue, "lapsed": x.lapsed, "products": x.products}
                for o, x in self.owner_loads()
            ],
            "pillars": [
                {"id": i, "title": g.title, "gap": g.mean, "features": g.features} for i, g in gaps
            ],
            "weakest_pillar": gaps[0][0] if gaps else None,
            "failing": [
                {
                    "question": q,
                    "section": f.section,
                    "products": f.products,
                    "features": f.features,
                    "mean_risk": f.mean_risk,
                }
                for q, f in self.fails()
            ],
            "questionnaires": [
                {"id": qid, "version": v, "sha256": sha, "products": n}
                for qid, versions in self.drift().items()
                for v, sha, n in versions
            ],
            "drift": self.drifted,
            "questionnaire_changed": [
                {"product": c.product, "source": c.source, "pinned": c.pinned, "scored": c.scored}
                for c in self.changed
            ],
        }


def _line(s: Summary, source: Source, as_of: dt.date) -> Line:
    review_by = s.review_by
    due = timing.review_due(review_by, as_of)
    soon = (
        not due and review_by is not None and review_by <= as_of + dt.timedelta(days=DUE_SOON_DAYS)
    )
    return Line(
        product=s.product,
        release=s.release,
        source=source.name,
        kind=source.kind,
        band=s.headline.band,
        planned_band=s.headline.planned_band,
        mean_risk=s.headline.mean_risk,
        features=s.counts.features,
        review_by=review_by,
        review_due=due,
        due_soon=soon,
        overdue=s.counts.overdue,
        lapsed=s.counts.lapsed,
        as_of=s.as_of,
        questionnaire=f"{s.questionnaire.id} {s.questionnaire.version}",
    )


def _by_date(line: Line) -> tuple[dt.date, str]:
    return (line.review_by or dt.date.max, line.product.casefold())


def _due_json(line: Line) -> dict[str, Any]:
    return {
        "product": line.product,
        "source": line.source,
        "review_by": None if line.review_by is None else line.review_by.isoformat(),
    }
