"""Schemas of merging a library into another and of closing one."""

from __future__ import annotations

from marshmallow import fields

from api.schemas.holdings import LastCopyWarningSchema
from api.schemas.network import Strict
from api.schemas.rules import Boolean, Integer, QueryString


class DryRunQuerySchema(QueryString, Strict):
    dry_run = Boolean(load_default=False, metadata={
        "description": "Answer what would happen and write nothing."})


class CloseSchema(Strict):
    confirm = fields.String(required=True, metadata={
        "description": "The LIBID again: closing deletes every holding of the library."})


class TitleFormatSchema(Strict):
    nlm_uid = fields.String()
    format = fields.String()


class CellRefSchema(Strict):
    libid = fields.String(metadata={"description": "The borrower whose table names it."})
    cell = Integer()
    group = fields.String(metadata={"description": "The group naming it (group entries)."})


class ReferencesSchema(Strict):
    routing_tables = fields.List(fields.Nested(CellRefSchema), metadata={
        "description": "Cells naming the closed library."})
    group_routing_tables = fields.List(fields.Nested(CellRefSchema), metadata={
        "description": "Cells naming a group the closed library is a member of."})
    do_not_route = fields.List(fields.String(), metadata={
        "description": "Libraries whose Do Not Route list names it."})
    manual_maps = fields.List(fields.String(), metadata={
        "description": "Libraries whose manual map names it."})
    groups = fields.List(fields.String(), metadata={
        "description": "Groups it is still a member of."})


class MergeSourceSchema(Strict):
    libid = fields.String()
    participation = fields.String()
    holdings_removed = Integer()


class MergeTargetSchema(Strict):
    libid = fields.String()
    holdings_before = Integer()
    holdings_after = Integer()
    titles_added = Integer(metadata={"description": "Titles new to the target."})
    titles_combined = fields.List(fields.Nested(TitleFormatSchema), metadata={
        "description": "Titles both held: their ranges were combined."})


class MergeResultSchema(Strict):
    dry_run = Boolean()
    source = fields.Nested(MergeSourceSchema)
    target = fields.Nested(MergeTargetSchema)
    references = fields.Nested(ReferencesSchema)


class CloseResultSchema(Strict):
    dry_run = Boolean()
    libid = fields.String()
    participation = fields.String()
    holdings_removed = Integer()
    references = fields.Nested(ReferencesSchema)
    warnings = fields.List(fields.Nested(LastCopyWarningSchema), metadata={
        "description": "titles and years the closure leaves with no active holder, or one"})
