"""The response contract in code: every answer of /v1/extract is dumped through these schemas."""

from __future__ import annotations

from marshmallow import Schema, fields


class MentionSchema(Schema):
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()


class ActorRefSchema(Schema):
    """An actor as it fills an event role or holds a stance."""

    actor = fields.String()
    name = fields.String()
    type = fields.String()
    country = fields.String(allow_none=True)
    role = fields.String(allow_none=True)
    mention = fields.Nested(MentionSchema, allow_none=True)


class PlaceRefSchema(Schema):
    place = fields.String()
    name = fields.String()
    country = fields.String(allow_none=True)
    mention = fields.Nested(MentionSchema)


class TimeSchema(Schema):
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    value = fields.String(allow_none=True)
    type = fields.String()


class StanceSchema(Schema):
    holder = fields.Nested(ActorRefSchema, allow_none=True)
    polarity = fields.String()
    score = fields.Float()
    cue = fields.Nested(MentionSchema)
    target = fields.Dict(keys=fields.String(), values=fields.String())


class SpanSchema(Schema):
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()


class EventSchema(Schema):
    id = fields.String()
    type = fields.String()
    negated = fields.Boolean()
    modality = fields.String()
    mode = fields.String(allow_none=True)
    cameo = fields.String(allow_none=True)
    trigger = fields.Nested(MentionSchema)
    sentence = fields.Nested(SpanSchema)
    who = fields.List(fields.Nested(ActorRefSchema))
    whom = fields.List(fields.Nested(ActorRefSchema))
    where = fields.List(fields.Nested(PlaceRefSchema))
    when = fields.Nested(TimeSchema, allow_none=True)
    stance = fields.List(fields.Nested(StanceSchema))
    confidence = fields.Float()


class ActorSchema(Schema):
    id = fields.String()
    name = fields.String()
    type = fields.String()
    country = fields.String(allow_none=True)
    roles = fields.List(fields.String())
    count = fields.Integer(allow_none=True)
    mentions = fields.List(fields.Nested(MentionSchema))


class PlaceSchema(Schema):
    id = fields.String()
    name = fields.String()
    country = fields.String(allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    geonames_id = fields.Integer(allow_none=True)
    mentions = fields.List(fields.Nested(MentionSchema))


class ReferenceDateSchema(Schema):
    value = fields.String()
    source = fields.String()


class ModelInfoSchema(Schema):
    name = fields.String()
    # the model's version and a fingerprint of the lexicons ("0.3.0+data.1a2b3c4d"): an answer that changes because
    # a word list or gazetteer changed is told apart by its version
    version = fields.String()


class ExtractResponseSchema(Schema):
    id = fields.String(allow_none=True)
    language = fields.String()
    reference_date = fields.Nested(ReferenceDateSchema, allow_none=True)
    events = fields.List(fields.Nested(EventSchema))
    actors = fields.List(fields.Nested(ActorSchema))
    places = fields.List(fields.Nested(PlaceSchema))
    times = fields.List(fields.Nested(TimeSchema))
    stances = fields.List(fields.Nested(StanceSchema))
    model = fields.Nested(ModelInfoSchema)


class EventTypeSchema(Schema):
    type = fields.String()
    cameo = fields.String(allow_none=True)
    de = fields.String(attribute="description_de")
    en = fields.String(attribute="description_en")
