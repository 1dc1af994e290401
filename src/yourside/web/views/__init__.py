"""Views stay thin: read the request, call a service or a query, render a template."""
