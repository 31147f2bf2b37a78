"""Questionnaires: the format's models (``model``, ``conditions``), loading and ``extends``
(``loader``), semantic checks (``checks``), where they are found (``locations``), what can be
found (``catalog``) and the JSON Schema (``schema``)."""
