"""Requests use cases."""
