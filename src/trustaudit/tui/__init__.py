"""Everything Textual: the review app, its screens and widgets."""
