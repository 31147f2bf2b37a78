"""The portfolio as a SQLite database (standard library only), for DuckDB, Datasette or a BI tool.

Rows are written as products arrive, in one transaction, into a file in a temporary folder; the
indexes are made at the end (faster than keeping them up to date row by row). ``SCHEMA`` is the
documented schema (docs/portfolio.md shows it, and a test checks the two agree); the column names
are those of ``rows``.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from trustaudit.core.portfolio import rows
from trustaudit.core.portfolio.rollup import Item, Product
from trustaudit.core.portfolio.totals import Totals

SCHEMA = """\
CREATE TABLE products (
  id INTEGER PRIMARY KEY,            -- 1, 2, ... as read: reviews, then summaries
  source TEXT NOT NULL,              -- the file read (a review or a summary)
  kind TEXT NOT NULL,                -- 'review' or 'summary'
  product TEXT NOT NULL,
  release TEXT NOT NULL,
  team TEXT NOT NULL,
  status TEXT NOT NULL,              -- draft, in_review, approved, conditional, rejected
  questionnaire_id TEXT NOT NULL,    -- the questionnaire it was scored against
  questionnaire_version TEXT NOT NULL,
  questionnaire_sha256 TEXT,
  pinned_version TEXT NOT NULL,      -- the version its answers are pinned to
  pinned_sha256 TEXT,
  questionnaire_changed INTEGER NOT NULL,  -- 1: scored against another than its pin
  band TEXT,                         -- headline band now (NULL: no features)
  planned_band TEXT,                 -- headline band once plans are done
  mean_risk REAL NOT NULL,
  planned_mean_risk REAL NOT NULL,
  features INTEGER NOT NULL,
  complete INTEGER NOT NULL,         -- 1: every applicable question answered
  unanswered INTEGER NOT NULL,
  red_flags INTEGER NOT NULL,
  overdue INTEGER NOT NULL,          -- fixes past their due date, on as_of
  lapsed INTEGER NOT NULL,           -- acceptances past their last day, on as_of
  as_of TEXT NOT NULL,               -- the day its plans were judged on
  updated TEXT NOT NULL,             -- when the review was last saved
  reviewed_on TEXT NOT NULL,         -- when its review cycle was decided
  review_by TEXT,                    -- the next review is due by this day
  review_by_derived INTEGER NOT NULL,  -- 1: from the band's cadence, not written
  review_due INTEGER NOT NULL,       -- 1: review_by has passed on the portfolio's as-of day
  launch TEXT,
  review_path TEXT NOT NULL,         -- the review as its summary names it
  review_sha256 TEXT                 -- the hash of the review file's bytes
);
CREATE TABLE features (
  product_id INTEGER NOT NULL REFERENCES products(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  owner TEXT,
  band TEXT NOT NULL,
  planned_band TEXT NOT NULL,
  risk REAL NOT NULL,                -- trust risk R, 0-100
  planned_risk REAL NOT NULL,
  unanswered INTEGER NOT NULL,
  red_flags INTEGER NOT NULL,
  PRIMARY KEY (product_id, id)
);
CREATE TABLE feature_pillars (
  product_id INTEGER NOT NULL REFERENCES products(id),
  feature_id TEXT NOT NULL,
  pillar TEXT NOT NULL,              -- the pillar (promise) section id
  title TEXT NOT NULL,
  gap REAL                           -- 0 exemplary .. 100 failing; NULL: nothing applicable
);
CREATE TABLE answers (               -- full reviews only: a summary has no answers
  product_id INTEGER NOT NULL REFERENCES products(id),
  feature_id TEXT NOT NULL,
  question TEXT NOT NULL,
  section TEXT,                      -- NULL for an orphaned answer
  applicable INTEGER NOT NULL,
  state TEXT NOT NULL,               -- answered, unknown, unanswered, na, invalid, orphaned
  options TEXT,                      -- the chosen option ids, a JSON list
  text TEXT,                         -- a text answer
  na TEXT,                           -- why it does not apply
  risk REAL,                         -- pillar questions: 0 exemplary .. 1 failing
  impact REAL,                       -- profile questions: impact points
  red_flag TEXT,                     -- the least band a red-flag answer forces
  fails INTEGER NOT NULL,            -- 1: the answer carries risk
  carried TEXT                       -- re-review mark: unconfirmed, confirmed, changed
);
CREATE TABLE plans (                 -- a summary holds only its late plans
  product_id INTEGER NOT NULL REFERENCES products(id),
  feature_id TEXT NOT NULL,
  question TEXT NOT NULL,
  action TEXT,
  owner TEXT,
  due TEXT,
  status TEXT,                       -- planned, in_progress, done, accepted (NULL: not known)
  accepted_by TEXT,
  accepted_until TEXT,
  verified_on TEXT,
  overdue INTEGER NOT NULL,          -- 1: a fix past its due date
  lapsed INTEGER NOT NULL            -- 1: an acceptance past its last day
);
CREATE TABLE sign_offs (
  product_id INTEGER NOT NULL REFERENCES products(id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  decision TEXT NOT NULL,            -- pending, approved, conditional, rejected
  date TEXT
);
CREATE TABLE unreadable (            -- files that could not be read, and why
  source TEXT NOT NULL,
  line INTEGER NOT NULL,             -- 0 when not known
  "column" INTEGER NOT NULL,
  message TEXT NOT NULL
);
"""

INDEXES = """\
CREATE INDEX products_band ON products (band);
CREATE INDEX products_questionnaire ON products (questionnaire_id, questionnaire_version);
CREATE INDEX features_band ON features (band);
CREATE INDEX feature_pillars_pillar ON feature_pillars (pillar);
CREATE INDEX answers_question ON answers (question, state);
CREATE INDEX answers_feature ON answers (product_id, feature_id);
CREATE INDEX plans_owner ON plans (owner);
CREATE INDEX plans_late ON plans (overdue, lapsed);
"""


def _insert(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


_PRODUCTS = _insert("products", rows.PRODUCTS)
_FEATURES = _insert("features", rows.FEATURES)
_PILLARS = _insert("feature_pillars", rows.FEATURE_PILLARS)
_ANSWERS = _insert("answers", rows.ANSWERS)
_PLANS = _insert("plans", rows.PLANS)
_SIGN_OFFS = _insert("sign_offs", rows.SIGN_OFFS)
_UNREADABLE = _insert("unreadable", rows.UNREADABLE)


class Database:
    """A portfolio database being filled; ``finish`` gives its bytes and removes the file."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="trustaudit-portfolio-")
        self.path = Path(self.folder.name) / "portfolio.sqlite"
        self.db = sqlite3.connect(self.path)
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        self.db.executescript(SCHEMA)
        self.db.execute("BEGIN")

    def add(self, item: Item, pid: int, totals: Totals) -> None:
        db = self.db
        if not isinstance(item, Product):
            p = item.problem
            db.execute(_UNREADABLE, (item.name, p.line, p.column, item.message))
            return
        s, source = item.summary, item.source
        db.execute(_PRODUCTS, rows.product_row(pid, source.name, source.kind, s, totals.as_of))
        db.executemany(_FEATURES, rows.feature_rows(pid, s))
        db.executemany(_PILLARS, rows.pillar_rows(pid, s))
        db.executemany(_SIGN_OFFS, rows.sign_off_rows(pid, s))
        if item.detail is not None:
            db.executemany(_ANSWERS, ((pid, *r) for r in item.detail.answers))
            db.executemany(_PLANS, ((pid, *r) for r in item.detail.plans))
        else:
            db.executemany(_PLANS, rows.late_plan_rows(pid, s))

    def finish(self, totals: Totals) -> bytes:
        try:
            self.db.executescript(INDEXES)
            self.db.commit()
            self.db.close()
            return self.path.read_bytes()
        finally:
            self.folder.cleanup()
