"""The ``trustaudit`` subcommands, one module per kind of user; each lists its ``COMMANDS``."""
