"""The pure domain of trustaudit: files, models, scoring and reports, with no terminal in sight.

Nothing under this package may import textual or rich; a test enforces it so that the CLI, CI
gates and third-party scripts stay fast and headless.
"""
