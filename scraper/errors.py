"""Every exception the scraper raises, in one tree.

    ScraperError                      kind="error"
    ├── InputError                    kind="bad_input"     a SOURCE that cannot be read
    │   │                             (kind="too_large" for a file over --max-bytes)
    │   └── InvalidURL                url                  a URL urllib cannot split (``http://[::1``,
    │                                                      port 99999): raised once, where it enters
    ├── FetchError                    url, status, attempts
    │   ├── TransientFetchError       retries ran out: kind timeout | connection | http_status
    │   └── PermanentFetchError       final at once: kind http_status | too_large | not_html
    │                                 | too_many_redirects | bad_response | bad_input
    │                                 | connection (TLS certificate failures, never retried)
    ├── ExtractionError               url, extractor   kind="extraction"
    │   ├── NotAnArticle              kind="not_an_article"
    │   └── InvalidRecord             field, value     kind="invalid_record"
    ├── ExportError                   path             kind="export"
    └── StateError                    path             kind="state" (crawl state; locked -> kind="locked")

Each error carries a short machine-readable ``kind`` (written to errors.jsonl) and a one-line
message that says what happened, where, and what to try next. Third-party exceptions are wrapped
where they enter our code (``raise FetchError(...) from exc``); no other module defines exceptions.

Every error pickles with all its fields (``source``, ``url``, ``status``...), so an error raised in
an extraction worker process reaches the writer whole.
"""

from __future__ import annotations


class ScraperError(Exception):
    """Base of every error the scraper raises on purpose."""

    kind: str = "error"

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # The keyword-only __init__ of the subclasses cannot be called with args alone; rebuild
        # from the message and the attributes instead.
        return _rebuild, (type(self), self.message, dict(self.__dict__))


def _rebuild(cls: type[ScraperError], message: str, state: dict[str, object]) -> ScraperError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class InputError(ScraperError):
    """A SOURCE given by the user cannot be read: missing file, empty directory, bad scheme."""

    kind = "bad_input"

    def __init__(self, message: str, *, source: str | None = None, kind: str | None = None) -> None:
        super().__init__(message, kind=kind)
        self.source = source


class InvalidURL(InputError):
    """Outside text that is not a usable URL: unbalanced brackets, a port out of range, no host."""

    def __init__(self, message: str, *, url: str, source: str | None = None) -> None:
        super().__init__(message, source=source if source is not None else url)
        self.url = url


class FetchError(ScraperError):
    """Fetching a URL failed; ``status`` is the last HTTP status seen, if any."""

    kind = "fetch"

    def __init__(
        self,
        message: str,
        *,
        url: str,
        kind: str | None = None,
        status: int | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, kind=kind)
        self.url = url
        self.status = status
        self.attempts = attempts


class TransientFetchError(FetchError):
    """A retryable failure (timeout, reset, 429, 5xx) that outlasted every retry."""


class PermanentFetchError(FetchError):
    """A failure that retrying cannot fix (404, body too large, not HTML)."""


class ExtractionError(ScraperError):
    """A page was fetched but could not be turned into records."""

    kind = "extraction"

    def __init__(self, message: str, *, url: str, extractor: str | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.extractor = extractor


class NotAnArticle(ExtractionError):
    """The page is not an article: an index, a site's front page or an archive page, a consent wall, an empty or frameset page."""

    kind = "not_an_article"


class BotCheck(ExtractionError):
    """The site answered with a bot check (a challenge, a CAPTCHA, an "Access denied") instead of the
    page; unlike NotAnArticle, a later try may get the page (a crawl tries again in a later run)."""

    kind = "bot_check"


class InvalidRecord(ExtractionError):
    """An extracted value breaks the record's rules; names the field and the value."""

    kind = "invalid_record"

    def __init__(self, message: str, *, url: str, field: str, value: object, extractor: str | None = None) -> None:
        super().__init__(message, url=url, extractor=extractor)
        self.field = field
        self.value = value


class ExportError(ScraperError):
    """Writing output failed (disk full, permissions, a file that is not ours)."""

    kind = "export"

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class StateError(ScraperError):
    """The crawl state file cannot be used; kind ``locked`` when another crawl holds it."""

    kind = "state"

    def __init__(self, message: str, *, path: str, kind: str | None = None) -> None:
        super().__init__(message, kind=kind)
        self.path = path
