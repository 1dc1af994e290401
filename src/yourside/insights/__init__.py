"""Insights: what a vendor hopes the customer won't notice, each with its evidence and an action."""
