"""Patron referral: which libraries a patron could ask for articles, and why.

Core functions of a graph; see :func:`refer` and the rules in :mod:`graphsvc.referral.suggest`.
"""

from graphsvc.referral.index import referral_index
from graphsvc.referral.records import REASONS, Patron, Referral, Suggestion, patron_from_zip
from graphsvc.referral.subjects import SPECIALTY_SUBJECTS, subject_for
from graphsvc.referral.suggest import refer

__all__ = ["REASONS", "SPECIALTY_SUBJECTS", "Patron", "Referral", "Suggestion",
           "patron_from_zip", "refer", "referral_index", "subject_for"]
