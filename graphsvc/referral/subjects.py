"""From what a patron does ("oncologists") to a subject a library is strong in ("oncology").

Text is compared after normalising: lower case, punctuation to spaces, each word made singular
("nurses" -> "nurse", "therapies" -> "therapy"). The same normalising applies to a patron's
specialty, a library's declared ``subjects`` and a serial's ``subjects``, so "Pediatrics",
"pediatrician" and "Paediatric Nursing" all meet at ``"pediatrics"``.
"""

from __future__ import annotations

import re
from itertools import pairwise

# normalised specialty word or phrase -> subject
SPECIALTY_SUBJECTS = {
    "oncologist": "oncology", "oncology": "oncology", "cancer": "oncology",
    "neoplasm": "oncology",
    "pediatrician": "pediatrics", "paediatrician": "pediatrics", "pediatric": "pediatrics",
    "paediatric": "pediatrics",
    "cardiologist": "cardiology", "cardiology": "cardiology", "cardiac": "cardiology",
    "nurse": "nursing", "nursing": "nursing",
    "psychiatrist": "psychiatry", "psychiatry": "psychiatry", "mental health": "psychiatry",
    "psychologist": "psychology", "psychology": "psychology",
    "dentist": "dentistry", "dental": "dentistry", "dentistry": "dentistry",
    "pharmacist": "pharmacy", "pharmacy": "pharmacy",
    "pharmacologist": "pharmacology", "pharmacology": "pharmacology",
    "surgeon": "surgery", "surgery": "surgery",
    "neurologist": "neurology", "neurology": "neurology",
    "radiologist": "radiology", "radiology": "radiology",
    "dermatologist": "dermatology", "dermatology": "dermatology",
    "obstetrician": "obstetrics and gynecology", "gynecologist": "obstetrics and gynecology",
    "obstetric": "obstetrics and gynecology", "gynecology": "obstetrics and gynecology",
    "ob gyn": "obstetrics and gynecology",
    "family physician": "family medicine", "general practitioner": "family medicine",
    "family medicine": "family medicine", "family practice": "family medicine",
    "veterinarian": "veterinary medicine", "veterinary": "veterinary medicine",
    "physical therapist": "physical therapy", "physiotherapist": "physical therapy",
    "physical therapy": "physical therapy",
    "epidemiologist": "public health", "epidemiology": "public health",
    "public health": "public health",
    "geriatrician": "geriatrics", "geriatric": "geriatrics",
    "orthopedic": "orthopedics", "orthopaedic": "orthopedics",
    "emergency physician": "emergency medicine", "emergency medicine": "emergency medicine",
    "dietitian": "nutrition", "nutritionist": "nutrition", "nutrition": "nutrition",
}

_NOT_PLURAL = ("ss", "is", "us", "diabetes")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("uses", "sses")):
        return word[:-2]
    if word.endswith("ics"):
        return word[:-1]
    if word.endswith("s") and not word.endswith(_NOT_PLURAL) and len(word) > 3:
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """Lower case, words only, each word singular.

    >>> normalise("Oncologists ")
    'oncologist'
    """
    return " ".join(_singular(w) for w in _NON_WORD.split(text.lower()) if w)


def _phrases(words: list[str]):
    """The whole phrase, then two-word phrases, then single words.

    Left to right: in "orthopedic surgeon" or "oncology nurse" the first word is the more
    specific subject.
    """
    yield " ".join(words)
    yield from (f"{a} {b}" for a, b in pairwise(words))
    yield from words


def subject_for(text: str | None) -> str | None:
    """The subject of a specialty: a known one, else the normalised text itself.

    >>> subject_for("Oncologists"), subject_for("pediatric nurse"), subject_for("Toxicology")
    ('oncology', 'pediatrics', 'toxicology')
    """
    phrase = normalise(text) if text else ""
    if not phrase:
        return None
    known = (SPECIALTY_SUBJECTS[p] for p in _phrases(phrase.split()) if p in SPECIALTY_SUBJECTS)
    return next(known, phrase)


def subject_terms(text: str) -> frozenset[str]:
    """Every subject a declared or serial subject counts toward.

    >>> sorted(subject_terms("Pediatric Nursing"))
    ['nursing', 'pediatric nursing', 'pediatrics']
    """
    phrase = normalise(text)
    if not phrase:
        return frozenset()
    if phrase in SPECIALTY_SUBJECTS:
        return frozenset({SPECIALTY_SUBJECTS[phrase]})
    words = phrase.split()
    return frozenset({phrase} | {SPECIALTY_SUBJECTS[p] for p in _phrases(words)
                                 if p in SPECIALTY_SUBJECTS})
