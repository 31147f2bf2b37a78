"""One module per screen. Screens never import each other or the app: they post ``tui.requests``
and the app decides what comes next. Screens other than Home are imported only when first shown."""
