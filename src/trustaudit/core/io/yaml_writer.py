"""YAML writing: stable key order, block style, readable unicode, never anchors or aliases.

The reader (``yaml_reader``) refuses anchors and aliases, so the writer never emits them: what is
written must always read back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

_TAG = "tag:yaml.org,2002:"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style, unicode as is, long text as literal blocks, UTC times with a Z.

    Never anchors and aliases: our reader refuses them, and shared objects must read back.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(f"{_TAG}str", value, style=style)


def _represent_datetime(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.Node:
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    text = value.isoformat(timespec="seconds") + "Z"
    return dumper.represent_scalar(f"{_TAG}timestamp", text)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dt.datetime, _represent_datetime)


def dump(data: Any) -> str:
    """YAML text with stable key order (the caller's), block style and unicode kept readable.

    A text ending in line breaks is written as a keep-chomped block (``|+``), after which PyYAML
    ends the document with ``...``. The review file is written in parts (``file_form.compose``),
    and a ``...`` in the middle would end the file there; without it the block still keeps its
    line breaks, up to the next key or the end of the file. So the marker is left out.
    """
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return text.removesuffix("...\n") if text.endswith("\n...\n") else text
