"""Referral use cases."""
