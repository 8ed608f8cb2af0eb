"""One validation for every way in: a request payload becomes an Article, or the reasons it cannot.

The API (/v1/extract and each document of /v1/extract/batch), the archive command (service/batch.py) and the
Spark job (service/sparkjob.py) all call load_article, so an archive run accepts and refuses exactly what the API
does, with the same JSON pointers and messages.
"""

from __future__ import annotations

from marshmallow import ValidationError

from schemas.requests import SUPPORTED_LANGUAGES, ExtractRequestSchema, pointer_errors

from .extract import Article
from .nlp import langid

CONTRACT = "The request does not match the API contract."
UNSUPPORTED_LANGUAGE = "Unsupported language; supported: de."


class InvalidArticle(ValueError):
    """A payload that is no article: RFC 9457 `errors` (JSON pointers) and a detail, as a 422 problem has them."""

    def __init__(self, errors: list[dict], detail: str = CONTRACT):
        super().__init__(detail)
        self.errors = errors
        self.detail = detail


def load_article(payload: object, schema: ExtractRequestSchema, prefix: str = "") -> Article:
    """Validate one request payload with the API's schema and language check; `prefix` roots the pointers."""
    if not isinstance(payload, dict):
        raise InvalidArticle([{"pointer": prefix, "detail": "Expected a JSON object."}])
    try:
        data = schema.load(payload)
    except ValidationError as exc:
        raise InvalidArticle(pointer_errors(exc.messages, prefix)) from exc
    language = data["language"] or langid.detect(data["text"])
    if language not in SUPPORTED_LANGUAGES:
        detail = f"The text looks like {language!r}. " + UNSUPPORTED_LANGUAGE
        raise InvalidArticle([{"pointer": prefix + "/text", "detail": detail}], UNSUPPORTED_LANGUAGE)
    return Article(data["text"], data["published_at"], language, data["id"])
