"""The Markdown report and its JSON twin: the view (``view``, built by ``context``, ``build``,
``overview``, ``prose``, ``charts``), words and numbers (``labels``, ``numbers``, ``answers``),
Markdown escaping (``markdown``), the customer data card (``datacard``), and rendering
(``render``, ``environment``, ``sandbox``, ``templates/``)."""
