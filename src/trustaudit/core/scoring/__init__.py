"""Scoring: answers to states (``states``), states to numbers (``evaluation``), what would move
them (``explanations``), each rule once (``rules``), the facade (``engine``: ``Engine``,
``score``) and what it produces (``scorecard``)."""
