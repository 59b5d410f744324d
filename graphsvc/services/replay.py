"""Replay use cases."""
