"""The service's blueprints: flask-smorest's, parsing each request with one instance per
schema class.

webargs makes a new schema from a class for every request it parses, and a schema and its
bound fields refer to each other: every request then left a hundred or more objects of cyclic
garbage, whose collection (full passes of 40-140 ms of a worker's GIL at 1,000 requests/s)
came every second or so (docs/BENCHMARKS.md, "The write path profiled"). A schema's load keeps
nothing of one call for the next, so one instance serves every request. The OpenAPI document
still reads the class given to ``arguments``.
"""

from __future__ import annotations

import functools

import flask_smorest
import marshmallow as ma
from webargs.flaskparser import FlaskParser


@functools.cache
def schema_instance(schema_class: type[ma.Schema]) -> ma.Schema:
    """The one instance of ``schema_class`` the parser loads requests with."""
    return schema_class()


class OneSchemaParser(FlaskParser):
    """webargs' Flask parser, loading with :func:`schema_instance` of a schema class."""

    def _get_schema(self, argmap, req) -> ma.Schema:
        if isinstance(argmap, type) and issubclass(argmap, ma.Schema):
            return schema_instance(argmap)
        return super()._get_schema(argmap, req)


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose ``arguments`` parse with :class:`OneSchemaParser`."""

    ARGUMENTS_PARSER = OneSchemaParser()
