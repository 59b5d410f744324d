"""Routing use cases."""
