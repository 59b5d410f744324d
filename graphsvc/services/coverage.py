"""Coverage use cases."""
