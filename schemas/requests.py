"""The request contract in code: what /v1/extract and /v1/extract/batch accept, and the OpenAPI document's source.

Every rule is stated once here and read twice: by marshmallow when a request is validated, and by apispec when
the OpenAPI document is generated (service/openapi.py). The patterns are written in the common subset of Python's
`re` and ECMA-262 (the dialect OpenAPI names): explicit character classes, no \\s, \\d or \\w, whose meaning differs
between the two, and a closing `$` that both sides read as the end of the string.
"""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import RAISE, Schema, ValidationError, fields, validate

SUPPORTED_LANGUAGES = ("de",)
UNSUPPORTED_LANGUAGE = "Unsupported language; supported: de."

# Characters that show nothing: every character Python's str.isspace() knows (which includes \x1c-\x1f and
# \x85), the byte order mark and the zero-width space, joiners and word joiner. A text of only these is blank.
BLANK_CLASS = (
    "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u180e\\u2000-\\u200d\\u2028\\u2029\\u202f\\u205f"
    "\\u2060\\u3000\\ufeff"
)
# JSON Schema patterns are searched, not matched: a text must hold at least one character that is not blank.
TEXT_PATTERN = f"[^{BLANK_CLASS}]"

_YEAR = "[1-9][0-9]{3}"
_MONTH = "(?:0[1-9]|1[0-2])"
_MONTH_DAY = "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
# 29 February in the Gregorian leap years: divisible by 4, and by 400 where divisible by 100.
_LEAP_DAY = "(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29"
_TIME = "T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,6})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?"
PUBLISHED_AT_PATTERN = f"^(?:{_YEAR}-{_MONTH}|(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})(?:{_TIME})?)$"
PUBLISHED_AT_HELP = (
    "YYYY-MM-DD, YYYY-MM (the first of that month) or an ISO 8601 date-time of the form "
    "YYYY-MM-DDThh:mm[:ss[.ffffff]][Z|±hh:mm], such as 2026-02-05T10:00:00+01:00; years 1000 to 9999."
)


def ecma_to_python(pattern: str) -> re.Pattern[str]:
    """The pattern as ECMA-262 reads it, for Python: a closing `$` is the end of the string (Python's `$` would
    also match before a final newline)."""
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)


_PUBLISHED_AT = ecma_to_python(PUBLISHED_AT_PATTERN)
_TEXT = ecma_to_python(TEXT_PATTERN)


def parse_reference_date(value: str) -> dt.date:
    """A publication date in one of the forms PUBLISHED_AT_PATTERN admits, as a date; anything else is refused."""
    if not _PUBLISHED_AT.search(value):
        raise ValidationError(f"Not a date: use {PUBLISHED_AT_HELP}")
    if len(value) == 7:
        return dt.date(int(value[:4]), int(value[5:7]), 1)
    # The pattern admits only valid calendar dates and times, all of which fromisoformat reads.
    return dt.datetime.fromisoformat(value).date()


class ReferenceDate(fields.String):
    """A publication date in one of the accepted forms, loaded as datetime.date."""

    def _deserialize(self, value, attr, data, **kwargs) -> dt.date:
        return parse_reference_date(super()._deserialize(value, attr, data, **kwargs))


class Search(validate.Regexp):
    """A JSON Schema `pattern`: the value must contain a match somewhere (apispec writes it into the document)."""

    def __call__(self, value: str) -> str:
        if ecma_to_python(self.regex.pattern).search(value) is None:
            raise ValidationError(self._format_error(value))
        return value


def has_lone_surrogate(text: str) -> bool:
    """Whether the text holds a UTF-16 surrogate alone (a JSON \\udXXX escape), which spaCy cannot store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _no_lone_surrogate(text: str) -> None:
    if has_lone_surrogate(text):
        raise ValidationError("The text contains a lone UTF-16 surrogate, which is not a character.")


def text_validators(max_text_chars: int) -> list:
    """The rules of a text: 1 to max_text_chars characters, at least one of them not blank, no lone surrogate."""
    return [
        validate.Length(min=1, max=max_text_chars, error="The text must have {min} to {max} characters."),
        Search(TEXT_PATTERN, error="The text is empty or only white space and invisible characters."),
        _no_lone_surrogate,
    ]


class ExtractRequestSchema(Schema):
    """One article; the text limit is a setting, so each app makes its own instance (and its own document)."""

    class Meta:
        unknown = RAISE

    # The validators come per instance (text_validators), with this app's limit; apispec reads minLength, maxLength
    # and pattern off them.
    text = fields.String(
        required=True,
        metadata={
            "description": (
                "The article, with at least one visible character (white space, the byte order mark and zero-width "
                "characters alone are refused) and no lone UTF-16 surrogate escape. A leading ' date YYYY-MM[-DD]' "
                "header supplies the reference date when `published_at` is missing; it is never analysed, and "
                "offsets still count it."
            )
        },
    )
    published_at = ReferenceDate(
        load_default=None,
        allow_none=True,
        metadata={"pattern": PUBLISHED_AT_PATTERN, "description": PUBLISHED_AT_HELP, "example": "2026-02-05"},
    )
    language = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(SUPPORTED_LANGUAGES, error="Unsupported language; supported: {choices}."),
        metadata={"description": "Detected when missing: a text without clear German evidence gets 422."},
    )
    id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200, error="The id has more than {max} characters."),
        metadata={"description": "Echoed back."},
    )

    def __init__(self, max_text_chars: int = 100_000, **kwargs) -> None:
        super().__init__(**kwargs)
        self.max_text_chars = max_text_chars
        self.fields["text"].validators = text_validators(max_text_chars)


class BatchRequestSchema(Schema):
    """Only the envelope: each document is validated on its own, so one bad article never fails the others."""

    class Meta:
        unknown = RAISE

    # Any JSON value per item (null too): each gets its own status in the response, never a failed batch.
    documents = fields.List(
        fields.Raw(
            allow_none=True,
            metadata={"description": "An ExtractRequest; an item that is not one gets 422 in its own result."},
        ),
        required=True,
    )

    def __init__(self, max_documents: int = 25, **kwargs) -> None:
        super().__init__(**kwargs)
        self.max_documents = max_documents
        self.fields["documents"].validators = [
            validate.Length(min=1, max=max_documents, error="A batch holds {min} to {max} documents.")
        ]


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
