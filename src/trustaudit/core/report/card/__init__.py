"""The customer data card: what a feature does with a customer's data, never more than the answers
support (``model``, ``reading``, ``wording``, ``sections``, ``checks``, ``build``), and its forms
outside the report: JSON (``json_form``), an HTML snippet (``html_form``), the App Store privacy
label (``apple``) and what ``trustaudit card`` writes (``output``). See docs/data-cards.md.
"""
