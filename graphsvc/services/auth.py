"""Auth use cases."""
