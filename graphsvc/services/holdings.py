"""Holdings use cases."""
