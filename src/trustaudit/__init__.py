"""trustaudit: a pre-launch trust review of product features, in the terminal."""

__version__ = "0.1.0"
