"""The response contract in code: every answer is dumped through these schemas, and the OpenAPI document's
response schemas are generated from them (service/openapi.py): `required`, enums and ranges are stated here once."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
ACTOR_TYPES = ("PERSON", "ORG", "GPE")
MODALITIES = ("asserted", "planned", "possible", "demanded")
POLARITIES = ("positive", "negative", "neutral")
TIME_TYPES = ("DATE", "TIME", "DURATION", "SET")
REFERENCE_SOURCES = ("request", "text")
LANGUAGES = ("de",)
# The parts of an answer a failed pipeline component can leave short (service/nlp/component.py, PARTS).
PARTS = ("events", "actors", "places", "times", "stances")
COUNTRY = {"pattern": "^[A-Z]{3}$", "description": "ISO 3166-1 alpha-3"}


def _offset() -> fields.Integer:
    return fields.Integer(required=True, validate=validate.Range(min=0))


class MentionSchema(Schema):
    """A piece of the submitted text: `text == submitted[start:end]` (Python string indices, end exclusive)."""

    text = fields.String(required=True)
    start = _offset()
    end = _offset()


class SpanSchema(MentionSchema):
    """A sentence of the submitted text, without the white space around it."""


class ActorRefSchema(Schema):
    """An actor as it fills an event role or holds a stance."""

    actor = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True, allow_none=True, validate=validate.OneOf(ACTOR_TYPES))
    country = fields.String(required=True, allow_none=True, metadata=COUNTRY)
    role = fields.String(required=True, allow_none=True)
    mention = fields.Nested(MentionSchema, required=True, allow_none=True)


class PlaceRefSchema(Schema):
    """A place as it is the scene of an event."""

    place = fields.String(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True, allow_none=True, metadata=COUNTRY)
    mention = fields.Nested(MentionSchema, required=True)


class TimeSchema(Schema):
    """A temporal expression and its TIMEX3 value."""

    text = fields.String(required=True)
    start = _offset()
    end = _offset()
    value = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "TIMEX3 / ISO 8601 (2026-02-05, 2026-02, 2026-W07, 2026-02-04TEV, P2W, "
            "2026-02-05/2026-02-06, PAST_REF); null when unresolvable."
        },
    )
    type = fields.String(required=True, validate=validate.OneOf(TIME_TYPES))


class StanceTargetSchema(Schema):
    """What a stance is about: an event, an actor, or neither when the text does not say."""

    event = fields.String()
    actor = fields.String()


class StanceSchema(Schema):
    """Who judges what, in which direction, and with which words."""

    holder = fields.Nested(ActorRefSchema, required=True, allow_none=True)
    polarity = fields.String(required=True, validate=validate.OneOf(POLARITIES))
    score = fields.Float(required=True, validate=validate.Range(min=-1, max=1))
    cue = fields.Nested(MentionSchema, required=True)
    target = fields.Nested(StanceTargetSchema, required=True)


class EventSchema(Schema):
    """One reported happening, with its participants, place, time and stances."""

    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(PLOVER_TYPES))
    negated = fields.Boolean(required=True)
    modality = fields.String(required=True, validate=validate.OneOf(MODALITIES))
    mode = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "PLOVER mode where clear (CONSULT: visit, multilateral, phone; ...)"},
    )
    cameo = fields.String(required=True, allow_none=True, metadata={"description": "CAMEO root code"})
    trigger = fields.Nested(MentionSchema, required=True)
    sentence = fields.Nested(SpanSchema, required=True)
    who = fields.List(fields.Nested(ActorRefSchema), required=True)
    whom = fields.List(fields.Nested(ActorRefSchema), required=True)
    where = fields.List(fields.Nested(PlaceRefSchema), required=True)
    when = fields.Nested(TimeSchema, required=True, allow_none=True)
    stance = fields.List(fields.Nested(StanceSchema), required=True)
    confidence = fields.Float(required=True, validate=validate.Range(min=0, max=1))


class ActorSchema(Schema):
    """A person, organisation or country with every mention of it."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(ACTOR_TYPES))
    country = fields.String(required=True, allow_none=True, metadata=COUNTRY)
    roles = fields.List(fields.String(), required=True)
    count = fields.Integer(allow_none=True, metadata={"description": 'Size of a group ("2000 Soldaten").'})
    mentions = fields.List(fields.Nested(MentionSchema), required=True)


class PlaceSchema(Schema):
    """A place, geocoded from the offline gazetteer where it is known."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True, allow_none=True, metadata=COUNTRY)
    lat = fields.Float(required=True, allow_none=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(required=True, allow_none=True, validate=validate.Range(min=-180, max=180))
    geonames_id = fields.Integer(required=True, allow_none=True)
    mentions = fields.List(fields.Nested(MentionSchema), required=True)


class ReferenceDateSchema(Schema):
    """The date relative expressions are resolved against, and where it came from."""

    value = fields.String(required=True, metadata={"format": "date"})
    source = fields.String(required=True, validate=validate.OneOf(REFERENCE_SOURCES))


class ModelInfoSchema(Schema):
    """Which pipeline produced the answer."""

    name = fields.String(required=True)
    # the model's version and a fingerprint of the lexicons ("0.3.0+data.1a2b3c4d"): an answer that changes because
    # a word list or gazetteer changed is told apart by its version
    version = fields.String(
        required=True,
        metadata={
            "description": "the model's version and a fingerprint of the lexicons (+data.XXXXXXXX): it changes "
            "whenever a word list or gazetteer changes"
        },
    )


class ExtractResponseSchema(Schema):
    """The answer for one article."""

    id = fields.String(required=True, allow_none=True)
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    reference_date = fields.Nested(ReferenceDateSchema, required=True, allow_none=True)
    events = fields.List(fields.Nested(EventSchema), required=True)
    actors = fields.List(fields.Nested(ActorSchema), required=True)
    places = fields.List(fields.Nested(PlaceSchema), required=True)
    times = fields.List(fields.Nested(TimeSchema), required=True)
    stances = fields.List(fields.Nested(StanceSchema), required=True)
    incomplete = fields.List(
        fields.String(validate=validate.OneOf(PARTS)),
        required=True,
        metadata={
            "description": "The parts of this answer that may lack items because a step of the pipeline failed on "
            "this text (the failure is logged under the request id). Empty when the answer is complete."
        },
    )
    model = fields.Nested(ModelInfoSchema, required=True)


class ErrorPointerSchema(Schema):
    """One offending field."""

    pointer = fields.String(required=True, metadata={"description": "JSON pointer (RFC 6901) to the field"})
    detail = fields.String(required=True)
    parameter = fields.String(metadata={"description": "The query parameter, when the field is one."})


class ProblemSchema(Schema):
    """An error (RFC 9457 problem details)."""

    type = fields.String(required=True, metadata={"description": "urn:news-events:problem:<slug>"})
    title = fields.String(required=True)
    status = fields.Integer(required=True, validate=validate.Range(min=400, max=599))
    detail = fields.String(required=True)
    request_id = fields.String()
    errors = fields.List(fields.Nested(ErrorPointerSchema))
    retry_after = fields.Integer(
        validate=validate.Range(min=1), metadata={"description": "Seconds after which a retry may succeed."}
    )


class BatchResultSchema(Schema):
    """One document's outcome: its answer (200) or its own problem (422 invalid, 500 failed, 503 out of time)."""

    index = fields.Integer(required=True, validate=validate.Range(min=0))
    status = fields.Integer(required=True, validate=validate.OneOf((200, 422, 500, 503)))
    result = fields.Nested(ExtractResponseSchema)
    problem = fields.Nested(ProblemSchema)


class BatchResponseSchema(Schema):
    """One result per document, in order."""

    results = fields.List(fields.Nested(BatchResultSchema), required=True)


class EventTypeSchema(Schema):
    """A PLOVER event type with short descriptions."""

    type = fields.String(required=True, validate=validate.OneOf(PLOVER_TYPES))
    cameo = fields.String(required=True, allow_none=True, metadata={"description": "CAMEO root code"})
    de = fields.String(required=True, attribute="description_de")
    en = fields.String(required=True, attribute="description_en")


class EventTypesSchema(Schema):
    """The event types the service knows."""

    event_types = fields.List(fields.Nested(EventTypeSchema), required=True)


class HealthSchema(Schema):
    """Liveness: the process answers."""

    status = fields.String(required=True, validate=validate.OneOf(("ok",)))


class ReadySchema(Schema):
    """Readiness: the model is loaded (status ready, with the model) or not yet (status loading)."""

    status = fields.String(required=True, validate=validate.OneOf(("ready", "loading")))
    model = fields.Nested(ModelInfoSchema)
