"""Widgets of the review app; each one renders untrusted text only through ``tui.safe``."""
