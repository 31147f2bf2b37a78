"""One module per screen; screens other than Home are imported only when first shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from trustaudit.tui.app import TrustAuditApp


def app_of(node: DOMNode) -> TrustAuditApp:
    """The running ``TrustAuditApp`` (its paths, its open review), typed for the screens."""
    from trustaudit.tui.app import TrustAuditApp

    app = node.app
    assert isinstance(app, TrustAuditApp)
    return app
