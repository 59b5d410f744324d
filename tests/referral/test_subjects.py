import pytest

from graphsvc.referral.subjects import SPECIALTY_SUBJECTS, normalise, subject_for, subject_terms


@pytest.mark.parametrize("specialty, subject", [
    ("oncologist", "oncology"), ("Oncologists", "oncology"), ("CANCER", "oncology"),
    ("oncology", "oncology"), ("pediatrician", "pediatrics"), ("Pediatricians", "pediatrics"),
    ("cardiologist", "cardiology"), ("nurses", "nursing"), ("Nurse practitioner", "nursing"),
    ("psychiatrist", "psychiatry"), ("orthopedic surgeon", "orthopedics"),
    ("surgeons", "surgery"), ("oncology nurse", "oncology"),
    ("general practitioners", "family medicine"),
    ("  Ob/Gyn ", "obstetrics and gynecology"), ("Toxicology", "toxicology"),
    ("physical therapies", "physical therapy"),
])
def test_specialty_maps_to_subject(specialty, subject):
    assert subject_for(specialty) == subject


@pytest.mark.parametrize("empty", [None, "", "  ", "--"])
def test_no_specialty_has_no_subject(empty):
    assert subject_for(empty) is None


def test_every_subject_maps_to_itself():
    for subject in set(SPECIALTY_SUBJECTS.values()):
        assert subject_for(subject) == subject
        assert subject in subject_terms(subject.title())


def test_plural_rules_keep_words_that_only_end_in_s():
    assert normalise("Diabetes Mellitus") == "diabetes mellitus"
    assert normalise("Dialysis viruses") == "dialysis virus"
    assert normalise("Therapies, Pediatrics") == "therapy pediatric"


def test_serial_subject_counts_toward_every_subject_it_names():
    assert subject_terms("Medical Oncology") == {"medical oncology", "oncology"}
    assert subject_terms("Neoplasms") == {"oncology"}
    assert subject_terms("Pediatric Nursing") == {"pediatric nursing", "pediatrics", "nursing"}
    assert subject_terms("") == frozenset()
