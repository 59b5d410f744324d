"""The flask-smorest ``Api``: OpenAPI 3 document at ``/v1/openapi.json``.

Two things differ from flask-smorest's defaults, so that the document says what the service
answers:

- Every error response (4xx/5xx, ``default``) is ``application/problem+json`` with the
  :class:`ProblemSchema` body that :mod:`api.errors` writes, including the error responses a
  view declares with only a description (``@blp.alt_response(404, description=...)``).
- Schema components are named by class (``HoldingSchema`` -> ``Holding``); when two classes
  of different modules share a name, the later one gets a module-qualified name
  (``coverage.Holding``) instead of apispec's numbered duplicate.
"""

from __future__ import annotations

from apispec import BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask_smorest import Api
from marshmallow import INCLUDE, Schema, fields

from api.openapi_examples import Examples
from api.schemas.rules import Integer
from graphsvc import fields as rules

PROBLEM_JSON = "application/problem+json"
PROBLEM = "Problem"


class ProblemItemSchema(Schema):
    """One problem; a service may add members that say more (``participation``, ...)."""

    class Meta:
        unknown = INCLUDE

    field = fields.String(allow_none=True, metadata={"description": "The field at fault "
                                                                     "(dotted path)"})
    message = fields.String()
    line = Integer(metadata={"description": "Line of an uploaded file"})
    position = fields.String(metadata={"description": "Record of an uploaded bundle"})


class ProblemSchema(Schema):
    """RFC 9457 problem details, with ``errors`` naming each bad field."""

    type = fields.String()
    title = fields.String()
    status = Integer()
    instance = fields.String()
    detail = fields.String()
    errors = fields.List(fields.Nested(ProblemItemSchema))


class SchemaNames:
    """apispec ``schema_name_resolver``: class name without ``Schema``; module-qualified only
    when another class already took the short name."""

    def __init__(self):
        self._owner: dict[str, type] = {}

    def __call__(self, schema) -> str:
        cls = resolve_schema_cls(schema)
        name = cls.__name__.removesuffix("Schema") or cls.__name__
        owner = self._owner.setdefault(name, cls)
        if owner is cls:
            return name
        qualified = f"{cls.__module__.rsplit('.', 1)[-1]}.{name}"
        self._owner.setdefault(qualified, cls)
        return qualified


class ProblemResponses(BasePlugin):
    """Give every error response declared without a body the problem+json body; and say what
    :mod:`api.bodies` enforces on every operation with a request body: the body is required
    (an empty one is 422) and an undeclared media type is 415."""

    def init_spec(self, spec) -> None:
        self.spec = spec

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        for operation in (operations or {}).values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            for code in [c for c in responses if not isinstance(c, str)]:
                # flask-smorest's int keys; a "422" of blp.doc (or ours below) would win
                # over a declared 422 when apispec makes them text
                responses.setdefault(str(code), responses.pop(code))
            body = operation.get("requestBody")
            if isinstance(body, dict):
                body["required"] = True
                responses.setdefault("415", {"description": UNSUPPORTED})
                responses.setdefault("422", {"description": EMPTY})
            for status, response in responses.items():
                if _is_error(status) and isinstance(response, dict) and "$ref" not in response:
                    content = response.setdefault("content", {PROBLEM_JSON: {}})
                    if PROBLEM_JSON in content:
                        content[PROBLEM_JSON].setdefault("schema", PROBLEM)


def rule_examples(description: str, instance: str,
                  *cases: tuple[str, str, list[tuple[str, str]]]) -> dict:
    """``blp.doc(**...)`` of an operation's 422 for rules OpenAPI 3.0 cannot state (across
    query parameters, inside a text body, about the stored network): problem+json
    ``examples``, one per ``(summary, detail, [(field, message), ...])``; the rules are in the
    operation's description (docs/OPERATIONS.md lists these operations)."""
    examples = {}
    for i, (summary, detail, errors) in enumerate(cases, start=1):
        value = {"type": "about:blank", "title": "Invalid input", "status": 422,
                 "instance": instance, "detail": detail,
                 "errors": [{"field": field, "message": message} for field, message in errors]}
        examples[f"rule{i}"] = {"summary": summary, "value": value}
    return {"responses": {"422": {"description": description,
                                  "content": {PROBLEM_JSON: {"examples": examples}}}}}


UNSUPPORTED = "The body's Content-Type is not one this operation reads; nothing changed " \
    "(problem+json)"
EMPTY = "Empty or invalid body; nothing changed (problem+json)"


# Path parameters by name, with the one rule of their field (graphsvc.fields).
PATH_PATTERNS = {"libid": rules.LIBID.pattern, "target": rules.LIBID.pattern,
                 "nlm_uid": rules.NLM_UID.pattern,
                 "token_id": r"^[0-9A-Fa-f]{8,64}$"}  # a token's hash, at least 8 of its digits


class PathPatterns(BasePlugin):
    """Path parameters carry their field's pattern (a LIBID in the path is a LIBID)."""

    def path_helper(self, path=None, operations=None, parameters=None, **kwargs) -> None:
        for parameter in parameters or []:
            if isinstance(parameter, dict) and parameter.get("in") == "path" and \
                    parameter.get("name") in PATH_PATTERNS:
                schema = parameter.setdefault("schema", {"type": "string"})
                schema.pop("minLength", None)
                schema["pattern"] = PATH_PATTERNS[parameter["name"]]


class CrossFieldRules(BasePlugin):
    """A schema's rules across its fields (``OPENAPI_RULES`` of its class: ``anyOf``,
    ``oneOf``, ``allOf`` branches) in its component, so that a client generated from the
    document sends what the service accepts."""

    def schema_helper(self, name, definition, **kwargs):
        schema = kwargs.get("schema")
        cls = resolve_schema_cls(schema) if schema is not None else None
        return dict(getattr(cls, "OPENAPI_RULES", None) or {})


def _is_error(status) -> bool:
    return str(status) == "default" or str(status)[:1] in "45"


class GraphsvcApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        # flask-smorest registers these as application/json; the service answers problem+json
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_JSON
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE
        if PROBLEM not in self.spec.components.schemas:
            self.spec.components.schema(PROBLEM, schema=ProblemSchema)


api = GraphsvcApi(spec_kwargs={
    "info": {"description": "Interlibrary-loan routing, referral and coverage for the NNLM "
                            "DOCLINE network. Errors are RFC 9457 problem+json."},
    "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=SchemaNames()),
    "extra_plugins": [ProblemResponses(), PathPatterns(), CrossFieldRules(), Examples()],
})
