"""The web UI: server-rendered pages with htmx."""
