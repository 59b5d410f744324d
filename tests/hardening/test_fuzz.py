"""schemathesis over every endpoint of the OpenAPI document, a few examples each, against
the app served over real HTTP on the real database: no 5xx, every response as documented,
every error problem+json naming the field. ``make fuzz`` runs the long version."""

from __future__ import annotations

from tests.hardening.fuzz import run_schemathesis


def test_every_endpoint_conforms_to_the_document(live, admin_secret):
    done = run_schemathesis(live.url, max_examples=3, token=admin_secret,
                            phases="examples,fuzzing")
    assert done.returncode == 0, done.stdout[-15000:] + done.stderr[-3000:]
    assert "operations" in done.stdout.lower() or "passed" in done.stdout.lower()
