"""The flask-smorest ``Api``: OpenAPI 3 document at ``/v1/openapi.json``."""

from __future__ import annotations

from flask_smorest import Api

api = Api(spec_kwargs={
    "info": {"description": "Interlibrary-loan routing, referral and coverage for the NNLM "
                            "DOCLINE network. Errors are RFC 9457 problem+json."},
})
