"""People's names out of bylines: prefixes, roles, affiliations and dates dropped, several names split.

A byline gives people's names and nothing else::

    >>> byline_names("By Jane Roe and John Doe, The Daily Journal")
    ['Jane Roe', 'John Doe']
    >>> byline_names("Tim Childers - Live Science Contributor")
    ['Tim Childers']

Pure functions of text; they never raise on any input. Callers that know the site's own name pass it
as ``whole`` so an organization spelled with "&" or "and" ("Mac & i", "Morgan & Morgan") stays one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from scraper.normalize import clean_text

# What precedes the names: "By", "Written by", "View all posts by", "Author:", "Von", "Par", "Por"...
_PREFIX = re.compile(
    r"^\s*(?:(?:(?:view|see|read)\s+)?(?:all\s+)?(?:posts|articles|stories)\s+by|written\s+by|posted\s+by|"
    r"published\s+by|reported\s+by|reporting\s+by|story\s+by|words\s+by|text\s+by|article\s+by|"
    r"geschrieben\s+von|verfasst\s+von|écrit\s+par|escrito\s+por|scritto\s+da|"
    r"by|von|vom|par|por|di|door|av|af|przez|autor(?:in)?|author(?:s)?|auteur|autore|text|tekst|words)\b\s*[:\-–—]?\s*",
    re.I,
)
# "Written byJane Roe": a prefix glued to the name by markup without a space.
_GLUED_PREFIX = re.compile(r"^\s*(?:[Ww]ritten [Bb]y|[Pp]osted [Bb]y|By|Von|Par|Por)(?=[A-ZÀ-Þ][a-zà-ÿA-Z])")
# A date or time after the names ("Jane Roe March 11, 2015 3:46 PM", "Jane Roe | Updated 2 hours ago").
_DATE_TAIL = re.compile(
    r"\s*(?:[-|–—,•·]\s*)?\b(?:updated|published|posted|modified|on|am|le|el|il|den|vom|aktualisiert|hace|vor|il y a)\b(?=.*\d).*$|"
    r"\s*(?:[-|–—,•·]\s*)?(?:\b(?:jan|feb|f[ée]v|m[äa]r|apr|avr|abr|ma[iy]|jun|jui|jul|aug|ao[uû]|ago|sep|o[ck]t|nov|de[czc]|d[ée]c|dic|ene)"
    r"[a-zäéû]*\.?\s*)?\b\d{1,4}\b.*$|"
    r"\s+(?:on|last|this)\s+(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?:\s.*)?$",
    re.I,
)
# Between a name and what follows it (a role, a desk, a publication): " - ", " | ", " – ", " • ", " / ".
_ROLE_SEPARATOR = re.compile(r"\s+[-–—|•·/]\s+|\s*\|\s*|\s*[•·]\s*")
# "Jane Roe for The Daily Journal": the publication the person wrote for.
_FOR = re.compile(r"\s+(?:[Ff]or|FOR|für|pour|para|per)\s+(?:[Tt]he\s+)?[A-Z].*$")
# Between parts of a byline line: "Dec. 19, 2025 · Jane Roe", "Jane Roe | 5 min read".
_BULLET = re.compile(r"\s+[·•|]\s+|\s+[-–—]\s+")
# Between several people: ",", ";", "and", "und", "et", "y", "e", "en", "och", "og", "i", "&".
_LIST = re.compile(r"\s*(?:[,;]\s*(?:and\s+|und\s+|&\s+)?|\s+(?:and|und|et|y|e|en|och|og|i|oraz|ve)\s+|\s+&\s+|\s*&amp;\s*)\s*", re.I)
# Words that make a phrase an institution's name, kept whole ("Center for Drug Evaluation and Research").
_INSTITUTION_WORDS = frozenset(
    """
    center centre institute university department office council association foundation society ministry
    committee hospital clinic school college library museum laboratory bureau commission
    """.split()
)
# Words that make a phrase a job title, a desk or an organization rather than a person.
_ROLE_WORDS = frozenset(
    """
    editor editors editorial writer writers reporter reporters correspondent correspondents contributor
    contributors contributing columnist columnists staff team desk director officer manager founder
    cofounder co-founder ceo cto cfo coo president chief head lead senior sr jr. associate assistant
    expert specialist analyst author authors producer photographer photographers intern fellow professor
    student sponsored partner content marketing news newsroom media press agency inc ltd llc gmbh
    group magazine journal times post daily weekly herald tribune gazette online blog community admin
    administrator redaktion redakteur redakteurin autor autorin journalist journalistin korrespondent
    rédaction rédacteur rédactrice journaliste correspondant redacción redactor periodista corresponsal
    redazione giornalista redactie verslaggever
    """.split()
) | _INSTITUTION_WORDS
# Words of buttons and links next to bylines ("Learn More", "Full Bio", "Edit History"): never a name.
_UI_WORDS = frozenset("more bio profile follow subscribe history edit share comments comment view".split())
# A job written right after a name with no separator ("Emma Ryan Writer"); teams and desks are not jobs.
_JOBS = frozenset(("writer", "reporter", "editor", "correspondent", "columnist", "contributor", "journalist", "photographer"))
# Academic and professional letters after a name ("MD", "PhD", "RD", "E-RYT 200", "CFA").
_CREDENTIAL_TOKEN = r"(?:[A-Z]{1,6}(?:-[A-Z]{2,6})?|Ph\.?\s?D\.?|(?:[A-Z]\.){2,4}|[A-Z][a-z]?[A-Z][A-Za-z]{0,3}|Jr\.?|Sr\.?|\d{1,4})"
_CREDENTIAL = re.compile(rf"^{_CREDENTIAL_TOKEN}(?:\s+{_CREDENTIAL_TOKEN})*$")
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sir|dame)\.?\s+", re.I)
_LABEL = re.compile(r"^\s*([A-Za-zÀ-ÿ ]{2,20}):\s*(.+)$")
_NOT_A_NAME = re.compile(r"https?://|www\.|@|\.(?:php|html?|aspx?|com|org|net)\b|[<>{}\[\]=#*]", re.I)
_QUOTES = "\"'“”‘’«»„"
MAX_NAMES = 10


def byline_names(text: str | None, *, whole: Callable[[str], bool] | None = None) -> list[str]:
    """The people named in a byline, in order, each once; ``[]`` when it names none.

    ``whole(text)`` says a phrase is one organization's name that must not be split ("Mac & i").
    """
    text = clean_text(text)
    if not text or len(text) > 300:
        return []
    text = _strip_prefix(text)
    if not text or _PREFIX.fullmatch(text):
        return []  # a bare "By" or "Author:" with the name elsewhere
    if whole is not None and whole(text):
        return [text.strip(_QUOTES + " .,;:")] if looks_like_name(text) else []
    if "," not in text and any(w.casefold() in _INSTITUTION_WORDS for w in text.split()) and looks_like_name(text):
        return [text.strip(_QUOTES + " .,;:")]  # one institution, whatever "and" or "for" it holds
    segments = [seg for seg in _BULLET.split(text) if seg.strip()]
    if len(segments) > 1 and any(c.isdigit() for c in segments[0]):
        # "Dec. 19, 2025 · Jane Roe": the date comes first, the names after it.
        text = next((seg for seg in segments if not any(c.isdigit() for c in seg)), text)
        text = _strip_prefix(text)
    split = re.split(f"({_LIST.pattern})", text, flags=re.I)
    pieces, separators = split[::2], ["", *split[1::2]]
    if len(pieces) > 1 and any(len(p.strip()) <= 2 and not p.strip().isupper() for p in pieces):
        pieces, separators = [text], [""]  # "Mac & i", "A & E": one name with a conjunction in it, not two people
    if len(pieces) > 1 and any(len(p.split()) > 1 and p == p.lower() and p != p.upper() for p in pieces):
        return []  # "microservices, secure developer tooling": a phrase of the text, not people
    names: list[str] = []
    for position, (piece, separator) in enumerate(zip(pieces, separators)):
        if position and _CREDENTIAL.match(piece.strip()):
            continue  # "MD", "PhD", "E-RYT 200" after a name
        if position and separator.strip()[:1] in (",", ";") and len(piece.split()) == 1 and len(names[-1:] and names[-1].split() or ()) > 1:
            break  # "Jane Roe, Home and Garden Editor": one word after a full name is no person
        name = clean_name(piece, whole=whole)
        if name is None and position == 0 and len(pieces) == 1:
            name = clean_name(piece, whole=lambda _: True)  # a desk or team signs alone: "News Desk"
        if name is None and position > 0:
            break  # a role, an affiliation or credentials: what follows describes the people named
        if name and name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return names[:MAX_NAMES]


def clean_name(text: str | None, *, whole: Callable[[str], bool] | None = None) -> str | None:
    """One person's name out of a byline piece: prefix, date, role, credentials and quotes dropped."""
    text = clean_text(text)
    if not text or any(w.casefold() in _UI_WORDS for w in text.split()):
        return None
    label = _LABEL.match(text)
    if label:
        # "Author: Jane Roe" keeps the name; "design: John Doe" names a role other than writing it.
        if _PREFIX.match(label.group(1) + " ") is None:
            return None
        text = label.group(2)
    text = _strip_prefix(text)
    text = _DATE_TAIL.sub("", text)
    text = _FOR.sub("", _ROLE_SEPARATOR.split(text, maxsplit=1)[0])
    text = text.strip(_QUOTES + " .,;:-–—|•·")
    words = text.split()
    while len(words) > 2 and words[-1].casefold() in _JOBS and words[0].casefold() != "the":
        words.pop()  # "Emma Ryan Writer": a role glued to the name by the markup
    text = " ".join(words)
    if whole is not None and whole(text):
        return text if looks_like_name(text) and not is_login(text) else None
    return text if looks_like_name(text) and not is_role(text) and not is_login(text) else None


def looks_like_name(text: str) -> bool:
    """A few words with letters, no digits, no URL or markup, not a sentence."""
    words = text.split()
    return (
        0 < len(words) <= 6
        and len(text) <= 80
        and any(c.isalpha() for c in text)
        and not any(c.isdigit() for c in text)
        and not _NOT_A_NAME.search(text)
        and not text.endswith(("?", "!"))
    )


_PARTICLES = frozenset("van von der den de la le da di du del della dos das do bin ibn al el zu ter ten af av".split())


def looks_like_person(text: str) -> bool:
    """A stricter test, for names found in running text: two to five words, each capitalised
    ("Jane Roe", "Jan van der Berg", "J. R. Roe"), so "Von Berlin nach Hamburg" is no byline."""
    words = text.split()
    if not 2 <= len(words) <= 5 or not looks_like_name(text):
        return False
    return all(w[:1].isupper() or w.casefold() in _PARTICLES for w in words) and words[0][:1].isupper()


def is_role(text: str) -> bool:
    """Whether a phrase reads as a job title, desk or publication ("Staff Writer", "The Daily Journal")."""
    words = [w.strip(".,").casefold() for w in _HONORIFIC.sub("", text).split()]
    if not words:
        return True
    if words[0] == "the" and len(words) > 1:
        return True
    return any(w in _ROLE_WORDS for w in words)


def is_login(text: str) -> bool:
    """A CMS login rather than a display name: one lower-case token with a dot, underscore or digits."""
    return text.isascii() and " " not in text and text == text.lower() and any(c in text for c in "._0123456789")


def reorder(name: str) -> str:
    """``"Roe, Jane"`` (family name first, as citation metadata writes it) as ``"Jane Roe"``."""
    family, _, given = name.partition(",")
    given, family = given.strip(), family.strip()
    return f"{given} {family}" if given and family and " " not in family.strip() else name


def unique(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name.casefold() not in (n.casefold() for n in out):
            out.append(name)
    return out


def _strip_prefix(text: str) -> str:
    text = _GLUED_PREFIX.sub("", text, count=1)
    for _ in range(3):
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text or not stripped.strip():
            break
        text = stripped
    return text.strip()
