"""The request contract in code: what /v1/extract and /v1/extract/batch accept."""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

SUPPORTED_LANGUAGES = ("de",)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_reference_date(value: str) -> dt.date:
    """`YYYY-MM-DD`, `YYYY-MM` (the first of the month) or an ISO 8601 date-time, as a date."""
    value = value.strip()
    month = _MONTH.match(value)
    try:
        if month:
            return dt.date(int(month[1]), int(month[2]), 1)
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace("z", "Z")).date()
    except ValueError as exc:
        raise ValidationError(
            "Not a date: use YYYY-MM-DD, YYYY-MM or an ISO 8601 date-time such as 2026-02-05T10:00:00+01:00."
        ) from exc


class ReferenceDate(fields.String):
    """A publication date in one of the accepted forms, loaded as datetime.date."""

    def _deserialize(self, value, attr, data, **kwargs) -> dt.date:
        return parse_reference_date(super()._deserialize(value, attr, data, **kwargs))


def has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class ExtractRequestSchema(Schema):
    """One article; the text limit is a setting, so each app makes its own instance."""

    class Meta:
        unknown = RAISE

    text = fields.String(required=True)
    published_at = ReferenceDate(load_default=None, allow_none=True)
    language = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(SUPPORTED_LANGUAGES, error="Unsupported language; supported: {choices}."),
    )
    id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))

    def __init__(self, max_text_chars: int = 100_000, **kwargs):
        super().__init__(**kwargs)
        self.max_text_chars = max_text_chars

    @validates_schema
    def _check_text(self, data: dict, **kwargs) -> None:
        text = data.get("text")
        if text is None:
            return
        if not text.strip():
            raise ValidationError("The text is empty or only whitespace.", "text")
        if len(text) > self.max_text_chars:
            raise ValidationError(f"The text has {len(text)} characters; the limit is {self.max_text_chars}.", "text")
        if has_lone_surrogate(text):
            raise ValidationError("The text contains a lone UTF-16 surrogate, which is not a character.", "text")


class BatchRequestSchema(Schema):
    """Only the envelope: each document is validated on its own, so one bad article never fails the others."""

    class Meta:
        unknown = RAISE

    # Any JSON value per item (null too): each gets its own status in the response, never a failed batch.
    documents = fields.List(fields.Raw(allow_none=True), required=True)

    def __init__(self, max_documents: int = 25, **kwargs):
        super().__init__(**kwargs)
        self.max_documents = max_documents

    @validates_schema
    def _check_size(self, data: dict, **kwargs) -> None:
        count = len(data.get("documents") or [])
        if not 1 <= count <= self.max_documents:
            raise ValidationError(
                f"A batch holds 1 to {self.max_documents} documents; this one has {count}.", "documents"
            )


def pointer_errors(messages: dict | list, prefix: str = "") -> list[dict]:
    """Flatten marshmallow's nested messages into RFC 9457 `errors` with a JSON pointer each."""
    out: list[dict] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = "" if key == "_schema" else "/" + str(key).replace("~", "~0").replace("/", "~1")
            out.extend(pointer_errors(value, prefix + name))
    elif isinstance(messages, list):
        for item in messages:
            if isinstance(item, dict | list):
                out.extend(pointer_errors(item, prefix))
            else:
                out.append({"pointer": prefix, "detail": str(item)})
    else:
        out.append({"pointer": prefix, "detail": str(messages)})
    return out
