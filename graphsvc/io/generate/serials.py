"""Serials of a generated network: real NLM titles when the data folder has them, made-up
ones for the rest, and the reader of NLM's ``J_Medline``-format journal file.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
from pathlib import Path

from graphsvc.fields import ISSN, NLM_UID
from graphsvc.model import Serial

SUBJECTS = ("oncology", "pediatrics", "cardiology", "nursing", "psychiatry", "neurology",
            "surgery", "public health", "dentistry", "pharmacology", "radiology", "obstetrics")
_SUBJECT_WORDS = {"oncology": "oncol|cancer|tumou?r", "pediatrics": "pa?ediatr|child|infant",
                  "cardiology": "cardi|heart|vascular", "nursing": "nurs",
                  "psychiatry": "psychiat|mental", "neurology": "neuro|brain",
                  "surgery": "surg", "public health": "public health|epidemiol",
                  "dentistry": "dent|oral", "pharmacology": "pharma|drug",
                  "radiology": "radiol|imaging", "obstetrics": "obstet|gyn[ae]"}

_TOPICS = {"oncology": ("oncology", "cancer biology", "clinical oncology"),
           "pediatrics": ("pediatrics", "child health", "neonatology"),
           "cardiology": ("cardiology", "heart failure", "vascular medicine"),
           "nursing": ("nursing", "nursing science", "critical care nursing"),
           "psychiatry": ("psychiatry", "mental health", "child psychiatry"),
           "neurology": ("neurology", "neurosurgery", "brain disorders"),
           "surgery": ("surgery", "surgical science", "orthopaedic surgery"),
           "public health": ("public health", "epidemiology", "community health"),
           "dentistry": ("dentistry", "oral biology", "periodontology"),
           "pharmacology": ("pharmacology", "drug therapy", "clinical pharmacy"),
           "radiology": ("radiology", "medical imaging", "nuclear medicine"),
           "obstetrics": ("obstetrics", "gynecology", "maternal-fetal medicine")}
_GENERAL_TOPICS = ("medicine", "internal medicine", "physiology", "biochemistry", "immunology",
                   "microbiology", "pathology", "rehabilitation", "dermatology", "genetics")
_TITLE_PATTERNS = ("Journal of {}", "Annals of {}", "International journal of {}",
                   "Clinical {}", "Advances in {}", "{} reviews", "Acta {}", "{} research",
                   "Current opinion in {}", "European journal of {}", "{} today")
_PLACES = ("London", "New York", "Tokyo", "Berlin", "Paris", "Basel", "Chicago", "Sydney")


def read_journals(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(nlm_uid, title, issns)`` of each record of an NLM ``J_Medline``-format file."""
    return [(s.nlm_uid, s.title, s.issns) for s in read_serials(path)]


def read_serials(path: Path) -> list[Serial]:
    """Each record of an NLM ``J_Medline``-format file as a serial: its NlmId, title, valid
    print and online ISSNs, MEDLINE and ISO abbreviations, and the subjects its title names."""
    serials, seen, record = [], set(), {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in itertools.chain(f, ["-----"]):
            if line.startswith("-----"):
                nlm_uid, title = record.get("NlmId", ""), record.get("JournalTitle", "")
                if NLM_UID.match(nlm_uid) and title and nlm_uid not in seen:
                    serials.append(_serial_of_record(nlm_uid, title, record))
                    seen.add(nlm_uid)
                record = {}
            elif ":" in line:
                key, _, value = line.partition(":")
                record[key.strip()] = value.strip()
    return serials


def _serial_of_record(nlm_uid: str, title: str, record: dict[str, str]) -> Serial:
    issns = tuple(record[k] for k in ("ISSN (Print)", "ISSN (Online)")
                  if ISSN.match(record.get(k, "")))
    return Serial(nlm_uid, title, tuple(dict.fromkeys(issns)), subjects=_subjects_of(title),
                  med_abbr=record.get("MedAbbr") or None, iso_abbr=record.get("IsoAbbr") or None)


def _issn(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(7)]
    check = -sum(d * w for d, w in zip(digits, range(8, 1, -1), strict=True)) % 11
    return "".join(map(str, digits[:4])) + "-" + "".join(map(str, digits[4:])) + \
        ("X" if check == 10 else str(check))


def _nlm_uid(rng: random.Random) -> str:
    era = rng.random()
    if era < .3:
        return f"0{rng.randrange(10**6):06d}"
    if era < .6:
        return f"7{rng.randrange(10**6):06d}" + rng.choice(("", "", "", "R", "A"))
    return f"101{rng.randrange(10**6):06d}"


def _subjects_of(title: str) -> tuple[str, ...]:
    low = title.lower()
    return tuple(s for s, words in _SUBJECT_WORDS.items() if re.search(words, low))


def _generated_serials(rng: random.Random, count: int, taken: set[str]) -> list[Serial]:
    topics = [(s, t) for s, ts in _TOPICS.items() for t in ts] + \
        [(None, t) for t in _GENERAL_TOPICS]
    uses: dict[str, int] = {}
    serials: list[Serial] = []
    while len(serials) < count:
        uid = _nlm_uid(rng)
        if uid in taken:
            continue
        taken.add(uid)
        subject, topic = rng.choice(topics)
        base = rng.choice(_TITLE_PATTERNS).format(topic)
        base = base[:1].upper() + base[1:]
        k = uses[base] = uses.get(base, -1) + 1
        title = base if not k else f"{base} ({_PLACES[k % len(_PLACES)]})" + \
            (f" {k // len(_PLACES) + 1}" if k >= len(_PLACES) else "")
        issns = (_issn(rng),) + ((_issn(rng),) if rng.random() < .5 else ())
        serials.append(Serial(uid, title, issns, subjects=(subject,) if subject else ()))
    return _link_title_changes(rng, serials)


def _link_title_changes(rng: random.Random, serials: list[Serial]) -> list[Serial]:
    """About one title in a hundred continues as the next one (H9)."""
    for i in range(0, len(serials) - 1, 2):
        if rng.random() < .02:
            old, new = serials[i], serials[i + 1]
            serials[i] = dataclasses.replace(old, continued_by=new.nlm_uid)
            serials[i + 1] = dataclasses.replace(new, continues=old.nlm_uid)
    return serials


# The most requested titles (NEJM, JAMA, Lancet, BMJ, Pediatrics): always in a network made from
# real titles, and the most widely held, so examples and demos can name them.
CORE_TITLES = ("0255562", "7501160", "2985213R", "8900488", "0376422")


def make_serials(rng: random.Random, count: int, data_dir: Path | None) -> list[Serial]:
    """Real NLM titles when ``data_dir`` has them, generated ones for the rest."""
    journals = read_serials(Path(data_dir) / "nlm" / "J_Sequence.txt") \
        if data_dir is not None else []
    core = [j for j in journals if j.nlm_uid in CORE_TITLES][:count]
    rest = [j for j in journals if j.nlm_uid not in CORE_TITLES]
    serials = core + rng.sample(rest, min(count - len(core), len(rest)))
    taken = {j.nlm_uid for j in journals}
    serials += _generated_serials(rng, count - len(serials), taken)
    return sorted(serials, key=lambda s: s.nlm_uid)


def with_every_nlm_title(serials: tuple[Serial, ...], path: Path) -> tuple[Serial, ...]:
    """``serials`` and every title of NLM's journal file they lack, by NLM Unique ID."""
    known = {s.nlm_uid for s in serials}
    extra = [s for s in read_serials(path) if s.nlm_uid not in known]
    return tuple(sorted((*serials, *extra), key=lambda s: s.nlm_uid))
