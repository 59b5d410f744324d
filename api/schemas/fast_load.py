"""A schema's load of well-formed input in plain code: the same result, a fraction of the CPU.

Loading a long list item by item through marshmallow costs far more than the checks it makes
(a library's 5,000 holdings: about 200 ms of a worker's GIL). :func:`fast_loader` compiles a
schema into plain functions made from the schema's own fields, validators and hooks, so the
rules stay where they are (the schema, hence :mod:`graphsvc.fields`) and nothing is written
twice. The compiled load is conservative: it answers only for input it can vouch for, the
way the schema would load it, and raises :class:`Slow` for anything else (a wrong type, a
value a validator refuses, a missing or unknown field), for the schema itself to load and
name every problem exactly as before.

What is compiled: fields without ``data_key``, ``attribute`` or field-level processors;
``String``, :class:`~api.schemas.rules.Integer`, :class:`~api.schemas.rules.Boolean`,
``List`` and ``Nested`` (one item) in plain code, any other field through its own
``deserialize``; ``validates_schema`` and ``post_load`` hooks of one item. A schema with
anything else (``pre_load``, ``validates``, hooks given the original data or the whole
collection, ``unknown=INCLUDE``) is not compiled (:func:`fast_loader` gives ``None``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from marshmallow import fields
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA

from api.schemas.rules import Boolean, Integer

Convert = Callable[[Any], Any]
_MISSING = ma.missing
#: Field classes whose accepted values are exactly the instances of one JSON type.
_TYPED = {fields.String: str, Integer: int, Boolean: bool}


class Slow(Exception):
    """The compiled load cannot vouch for this input: load it with the schema."""


def fast_loader(schema: ma.Schema) -> Convert | None:
    """``schema.load`` as plain code (raising :class:`Slow` where the schema would refuse or
    where it cannot tell), or ``None`` when ``schema`` uses what is not compiled."""
    item = _compile_schema(schema, many=schema.many)
    if item is None:
        return None
    if not schema.many:
        return item

    def load_many(data):
        if type(data) is not list:
            raise Slow
        return [item(each) for each in data]
    return load_many


def load(schema: ma.Schema, data) -> Any:
    """``schema.load(data)``, through the compiled load when it vouches for ``data``."""
    loader = fast_loader(schema)
    if loader is not None:
        try:
            return loader(data)
        except Slow:
            pass
    return schema.load(data)


def _compile_schema(schema: ma.Schema, *, many: bool) -> Convert | None:
    """One item of ``schema`` (loaded as part of a list when ``many``)."""
    hooks = schema._hooks
    if hooks[PRE_LOAD] or hooks[VALIDATES] or schema.unknown == ma.INCLUDE or schema.partial:
        return None
    if any(on_many or kwargs.get("pass_original") for tag in (VALIDATES_SCHEMA, POST_LOAD)
           for _, on_many, kwargs in hooks[tag]):
        return None
    after = [_hook(schema, name, many, checks=True) for name, _, _ in hooks[VALIDATES_SCHEMA]]
    after += [_hook(schema, name, many, checks=False) for name, _, _ in hooks[POST_LOAD]]
    plan = [(name, _compile_field(field), field) for name, field in schema.load_fields.items()]
    if any(convert is None or field.data_key is not None or field.attribute is not None
           for _, convert, field in plan):
        return None
    known, strict = frozenset(schema.load_fields), schema.unknown == ma.RAISE
    return _item([(name, convert, field.required, field.allow_none, field.load_default)
                  for name, convert, field in plan], after, known, strict)


def _item(plan, after, known: frozenset, strict: bool) -> Convert:
    def convert(data):
        if type(data) is not dict or (strict and not known.issuperset(data)):
            raise Slow
        out = {}
        for name, each, required, allow_none, default in plan:
            value = data.get(name, _MISSING)
            if value is _MISSING:
                if required:
                    raise Slow
                value = default() if callable(default) else default
                if value is not _MISSING:
                    out[name] = value
            elif value is None:
                if not allow_none:
                    raise Slow
                out[name] = None
            else:
                out[name] = each(value)
        for hook in after:
            out = hook(out)
        return out
    return convert


def _hook(schema: ma.Schema, name: str, many: bool, *, checks: bool) -> Convert:
    """A ``validates_schema`` (``checks``) or ``post_load`` method as marshmallow calls it
    on one item."""
    method = getattr(schema, name)

    def run(data):
        try:
            found = method(data, many=many, partial=None, unknown=schema.unknown)
        except ma.ValidationError as exc:
            raise Slow from exc
        return data if checks else found
    return run


def _compile_field(field: fields.Field) -> Convert | None:
    """A present, non-null value of ``field``: its loaded value, or :class:`Slow`."""
    if field.pre_load or field.post_load:
        return None
    kind = type(field)
    if kind in _TYPED:
        base = _typed(_TYPED[kind])
    elif kind is fields.List:
        base = _list(field)
    elif kind is fields.Nested:
        base = _nested(field)
    else:
        return _through(field)
    if base is None:
        return None
    return _validated(base, field.validators) if field.validators else base


def _typed(kind: type) -> Convert:
    def convert(value):
        if type(value) is not kind:
            raise Slow
        return value
    return convert


def _list(field: fields.List) -> Convert | None:
    inner = field.inner
    each, allow_none = _compile_field(inner), inner.allow_none
    if each is None:
        return None

    def convert(value):
        if type(value) is not list:
            raise Slow
        return [None if v is None and allow_none else _not_none(each, v) for v in value]
    return convert


def _not_none(each: Convert, value):
    if value is None:
        raise Slow
    return each(value)


def _nested(field: fields.Nested) -> Convert | None:
    schema = field.schema
    if schema.many or field.many or field.unknown not in (None, schema.unknown):
        return None
    return _compile_schema(schema, many=False)


def _validated(base: Convert, validators) -> Convert:
    def convert(value):
        out = base(value)
        for check in validators:
            try:
                check(out)
            except Exception as exc:  # the schema names it (or raises it) as before
                raise Slow from exc
        return out
    return convert


def _through(field: fields.Field) -> Convert:
    """Any other field: its own ``deserialize`` (and validators), refusals made :class:`Slow`."""
    def convert(value):
        try:
            return field.deserialize(value)
        except ma.ValidationError as exc:
            raise Slow from exc
    return convert
