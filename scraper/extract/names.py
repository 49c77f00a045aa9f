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
import types
import weakref
from collections.abc import Callable, Iterable

from scraper.normalize import clean_text

# What precedes the names: "By", "Written by", "View all posts by", "Zeige alle Beiträge von", "Author:",
# "Par", "Por", "About" (an author box)... Lead words ("all", "posts", "erstellt") come before a "by" word.
_LEAD_WORDS = (
    r"view|see|read|more|all|posts?|articles?|stories|story|written|posted|published|reported|reporting|words|text|blog|"
    r"authored|created|contributed|compiled|this|was|is|zeige|alle|alles|mehr|artikel|beitr[äa]ge?|texte?|erstellt|"
    r"geschrieben|verfasst|ver[öo]ffentlicht|[ée]crit|publi[ée]|r[ée]dig[ée]|tous|les|escrito|publicado|todos|los|"
    r"art[íi]culos|scritto|pubblicato|tutti|gli|articoli|an?|eine?|guest|column|commentary|essay|analysis|kolumne|kommentar|"
    r"gastbeitrag|gastkommentar|analyse|submitted|gespeichert|eingereicht|soumis|enviado|interview|gespr[äa]ch|entretien|entrevista|intervista|reportage|"
    r"skrevet|geschreven|geplaatst|gepubliceerd|escrita|"
    # a press release's: "Pressemitteilung von Jane Roe", "Press release by", "Communiqué de presse de"
    r"press|release|pressemitteilung|pressemeldung|presseinformation|medienmitteilung|mitteilung|communiqu[ée]|comunicado|comunicato"
)
# The word before a writer's name, in the languages of the development sets and their neighbours ("by", "von", "par").
BY_WORDS = r"by|von|vom|par|por|di|door|av|af|przez"
_PREFIX = re.compile(
    rf"^\s*(?:(?:(?:{_LEAD_WORDS})\s+){{0,5}}(?:{BY_WORDS})|"
    r"(?:scritt[oa]|pubblicat[oa])\s+da|"
    r"autor(?:in|en|innen|ka|zy|ki)?|autoři|author(?:s|\(s\))?|auteur|autore|text|texto|tekst|words|yazar|автор|авторы|συντάκτης|"
    r"skribent|forfatter|about(?:\s+the\s+authors?)?|über(?:\s+(?:den|die)\s+autor(?:in)?)?|a propos de|à propos de)(?:\b|(?<=\)))\s*[:\-–—]?\s*",
    re.I,
)
# Lead words, then a "by" word and a capital: "Blog Beitrag von Jane Roe", "Text von Jane Roe" (case-insensitive);
# or nothing, the names following in an element of their own ("Ein Interview von <strong>Jane Roe</strong>").
_LEAD_WORDS_BY = rf"(?:(?:{_LEAD_WORDS})\s+){{1,4}}(?:by|von|par|por|door)"
LEAD_BY = rf"{_LEAD_WORDS_BY}(?:\s+(?=[A-ZÀ-Þ])|\s*:?\s*(?=\x00|$))"
_LEAD_BY = re.compile(rf"^{LEAD_BY}", re.I)
# The label alone, its names in the next element: "<h2>Article written by:</h2><div><h3>Jane Roe</h3></div>".
# Its colon tells it from prose running into a link ("the theory created by <a>Jane Roe</a>").
_LEAD_LABEL = re.compile(rf"{_LEAD_WORDS_BY}\s*:", re.I)
# "Ein Interview von Jane Roe mit Sam Doe": the interviewer, then the person interviewed.
_INTERVIEW = re.compile(
    r"^\s*(?:(?:an?|ein|eine|un|une|una)\s+)?(?:interview|gespr[äa]ch|entretien|entrevista|intervista)\s+"
    r"(?:by|von|par|por|di)\s+(.+?)\s+(?:with|mit|avec|con)\s+\S.*$",
    re.I,
)
# "Reviewed by", "Edited by", "Geprüft von": a person other than the writer; the byline ends there.
_CREDITS = (
    r"(?:^|\s)(?:(?:medically|expert|fact[- ]?)\s*)?(?:reviewed|edited|checked|fact[- ]?checked|illustrated|translated|"
    r"photographed|geprüft|überprüft|redigiert|lektoriert|übersetzt|bearbeitet|relu|révisé|traduit|revisado|traducido|"
    r"illustrations?|photos?|fotos?|bilder|grafiken?|photography|fotografie)"
    r"\s+(?:by|von|par|por)\b"
)
# A noun naming the other work, alone before the name: "Übersetzung <a>Jane Roe</a>", "Fotos: Jane Roe"; not
# after other words ("Text und Fotos: Jane Roe" wrote the story too).
_CREDIT_NOUN = (
    r"(?:^|[|·•,])\s*(?:übersetzung|translation|traduction|traducción|traduzione|lektorat|illustrations?|"
    r"fotos?|photos?|bilder?|grafiken?|fotografie|photography)"
)
# Either credit ending a label: "Written by Acme | Reviewed by", "Übersetzung".
_CREDIT_LABEL = re.compile(rf"(?:{_CREDITS}|{_CREDIT_NOUN})\s*:?\s*$", re.I)
# The writing and the pictures credited together: "Text and photos by", "Text und Fotos:", "Texte et photos :".
_WRITING_AND_PICTURES = (
    r"(?:text|words|story|texte?|texto|testo)\s*(?:and|und|&|et|y|e|\+|/)\s*"
    r"(?:photos?|fotos?|pictures|bilder?|images?|illustrations?|photography|fotografie)\s*(?:by|von|par|por|di)?\s*:?\s*"
)
_TEXT_AND_PICTURES = re.compile(rf"^\s*{_WRITING_AND_PICTURES}", re.I)
_TEXT_AND_PICTURES_LABEL = re.compile(rf"(?:^|[\s|·•,]){_WRITING_AND_PICTURES}$", re.I)
# A byline's part from such a credit on: "Jane Roe | Fotos: Sam Doe", "Übersetzung Jane Roe" (no writer named);
# inside a line, a capitalised noun before a colon or a name ("Autor Jane Roe Übersetzung Sam Doe").
_CREDIT_NOUN_INSIDE = (
    r"\s(?-i:Übersetzung|Translation|Traduction|Traducción|Traduzione|Lektorat|Illustrations|Fotos|Photos|Grafiken|"
    r"Fotografie|Photography)"  # (plurals and abstract nouns: "Foto", "Bilder" may be a family name)
)
_OTHER_ROLE = re.compile(rf"(?:{_CREDITS}|(?:{_CREDIT_NOUN}|{_CREDIT_NOUN_INSIDE})(?:\s*:|\s+(?=[A-ZÀ-Þ]))).*$", re.I)
# "Published in Acme Weekly", "Filed under Sport", "Erschienen in": where a story ran, not who wrote it.
_PLACED_IN = re.compile(
    r"^\s*(?:published|posted|filed|appeared|erschienen|veröffentlicht|abgelegt|publié|paru|publicado)\s+(?:in|under|unter|im|dans|en)\b", re.I
)
# "Written byJane Roe": a prefix glued to the name by markup without a space.
_GLUED_PREFIX = re.compile(
    r"^\s*(?:[Ww]ritten [Bb]y|[Pp]osted [Bb]y|[Gg]eschrieben von|[Vv]erfasst von|[ÉéEe]crit par|[Ee]scrito por|By|Von|Par|Por)(?=[A-ZÀ-Þ][a-zà-ÿA-Z])"
)
# "Posted on September 21, 2020 by Jane Roe", "03/01/2017 by Jane Roe": a date, then the byline.
_DATED_BY = re.compile(r"^.*?\d.*?\s(?:by|von|par|por)\s+(?=[A-ZÀ-Þ])", re.I)
# Marks around a name that are no part of it: "© Jane Roe", "Jane Roe @janeroe", "Jane Roe (www.example.com)".
_DECORATION = re.compile(r"^\s*(?:©|\(c\))\s*|\s@\w+|\s*\([^)]*(?:https?://|www\.|@)[^)]*\)", re.I)
# A date or time after the names ("Jane Roe March 11, 2015 3:46 PM", "Jane Roe | Updated 2 hours ago"); not a number
# glued by a slash to a word, which is part of a name ("Bündnis 90/Die Grünen").
_DATE_TAIL = re.compile(
    r"\s*(?:[-|–—,•·@]\s*)?\b(?:last\s+|zuletzt\s+)?(?:updated|published|posted|modified|stand|datum|date|on|at|am|le|el|il|den|vom|aktualisiert|hace|vor|il y a)\b(?=.*\d).*$|"
    r"\s*@\s*\d.*$|"
    r"\s*(?:[-|–—,•·]\s*)?(?:\b(?:jan|feb|f[ée]v|m[äa]r|apr|avr|abr|ma[iy]|jun|jui|jul|aug|ao[uû]|ago|sep|o[ck]t|nov|de[czc]|d[ée]c|dic|ene)"
    r"[a-zäéû]*\.?\s*)?\b\d{1,4}\b(?!/[^\W\d]).*$|"
    r"\s+(?:on|last|this)\s+(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?:\s.*)?$",
    re.I,
)
# Between a name and what follows it (a role, a desk, a publication): " - ", " | ", " – ", " • ", " / ".
_ROLE_SEPARATOR = re.compile(r"\s+[-–—|•·/]\s+|\s*\|\s*|\s*[•·]\s*")
# "Jane Roe for The Daily Journal": the publication the person wrote for.
_FOR = re.compile(
    r"\s+(?:(?:[Ff]or|FOR|für|pour|para|per)\s+(?:[Tt]he\s+)?[A-Z]|on behalf of\b|im Auftrag\b|au nom de\b|en nombre de\b).*$"
)
# The section a story was filed in, after the name: "Posted by Jane Roe in News".
_FILED_IN = re.compile(r"\s+in\s+[A-ZÀ-Þ].*$")
# Bullet-like separators bylines use, read as "•": black circle, bullet operator, dot operator, hyphenation
# point, small squares, white bullet.
_AS_BULLET = str.maketrans(dict.fromkeys("●∙⋅‧▪▫◦", "•"))
# Co-writers in parentheses after the first: "(with Sam Doe)", "(avec Sam Doe et Ann Poe)", "(mit Sam Doe)"; or a
# note on help ("(with additional reporting by Sam Doe)", "(mit Material von dpa)"), which names no writer.
_WITH_OTHERS = re.compile(r"\s*\((?:with|avec|mit|con|com)\s+([^()]*)\)?\s*$", re.I)
# The same after the names without brackets: "Jane Roe with Sam Doe", "Von Jane Roe mit dpa".
_WITH_AFTER = re.compile(r"\s*,?\s+(?:with|avec|mit|con|com)\s+(\S.*)$", re.I)
# What such a clause credits besides people: the sources used ("mit Material von dpa", "con información de EFE",
# "with additional reporting by"), never writers (German capitalises the nouns, so case says nothing there).
_SOURCES_USED = re.compile(
    r"(?:(?:agentur)?material|informationen|agenturen|informaci[oó]n|informações|additional|reporting|wires?)\b", re.I
)
# Between parts of a byline line: "Dec. 19, 2025 · Jane Roe", "Jane Roe | 5 min read".
_BULLET = re.compile(r"\s*[·•|]\s+|\s+[-–—]\s+")  # "Jane Roe· 5 min": a bullet glued to a word by markup
# Between several people: ",", ";", "and", "und", "et", "y", "e", "en", "och", "og", "i", "&".
# "Jane Roe im Gespräch mit John Doe": an interview signed by both.
_LIST = re.compile(
    r"\s*(?:[,;]\s*(?:and\s+|und\s+|&\s+)?|\s+(?:and|und|et|y|e|en|och|og|i|oraz|ve|im gespräch mit|in conversation with)\s+|"
    r"\s+&\s+|\s*&amp;\s*)\s*",
    re.I,
)
_LIST_KEPT = re.compile(f"({_LIST.pattern})", re.I)  # the same, its separators kept by split()
# Words that make a phrase an institution's name, kept whole ("Center for Drug Evaluation and Research").
_INSTITUTION_WORDS = frozenset(
    """
    center centre institute university department office council association foundation society ministry
    committee hospital clinic school college library museum laboratory bureau commission organization organisation
    departement département departamento dipartimento ministerium ministère ministerio ministero institut instituto
    istituto universität université universidad università hochschule verband stiftung fondation fundación fondazione
    gesellschaft société sociedad società kommission comisión commissione behörde agentur agence agencia agenzia
    kammer zentrum centro klinik klinikum akademie académie academia bibliothek bibliothèque biblioteca museo musée
    verein
    """.split()
)
# "for", "of" inside an institution's name, before the list of what it is for: "Department for Environment, Food and
# Rural Affairs", "Departement für Wirtschaft, Bildung und Forschung" (see _byline_names).
_INSTITUTION_OF = re.compile(r"\s(?:for|of|für|de|des|du|di|del|della|dello|degli)\s", re.IGNORECASE)
# Words that make a phrase a job title, a desk or an organization rather than a person.
_ROLE_WORDS = frozenset(
    """
    editor editors editorial writer writers reporter reporters correspondent correspondents contributor
    contributors contributing columnist columnists staff team desk director officer manager founder
    cofounder co-founder ceo cto cfo coo president chief head lead senior sr jr. associate assistant
    expert specialist analyst author authors producer photographer photographers intern fellow professor
    student sponsored partner content marketing news newsroom media press agency inc ltd llc gmbh
    group magazine magazin journal edition times post daily weekly herald tribune gazette online blog community admin
    administrator redaktion redakteur redakteurin autor autorin journalist journalistin korrespondent
    rédaction rédacteur rédactrice journaliste correspondant redacción redactor periodista corresponsal
    redazione giornalista redactie verslaggever chefredakteur chefredakteurin experte expertin volontär volontärin
    moderator moderatorin gründer gründerin geschäftsführer geschäftsführerin representative spokesperson
    spokesman spokeswoman consultant attorney e.v ag kg stiftung verband verein institut gesellschaft
    """.split()
) | _INSTITUTION_WORDS
# Words of buttons and links next to bylines ("Learn More", "Full Bio", "Edit History"): never a name.
# A name before one of them is kept ("A. J. Neal View In Digital Edition").
_UI_WORDS = frozenset(
    """
    more bio profile follow subscribe history edit share shares comments comment view uncategorized anzeigen archiv
    folgen teilen unkategorisiert gesponserte mehr
    """.split()
)
# What a byline says when it names no one ("About the Author", "No Author", "Über uns", German desks' "red").
_EMPTY_WORDS = frozenset(
    """
    the author authors autor autorin autoren auteur no kein unknown about über uns us den die published posted updated
    veröffentlicht aktualisiert publié publicado
    undefined null none nan n/a admin administrator webmaster publisher user red
    """.split()
)
# A job written right after a name with no separator ("Emma Ryan Writer", "Christoph Hein Chefredakteur",
# "Shivkumar M Head Product Launches"); teams and desks are not jobs.
_JOBS = frozenset(
    """
    writer reporter editor correspondent columnist contributor journalist photographer head director manager founder
    co-founder ceo chefredakteur chefredakteurin redakteur redakteurin journalistin korrespondent korrespondentin
    """.split()
)
# Jobs written before a name ("FOCUS-Online-Experte Jane Roe", "Rechtsanwalt Jane Roe").
_TITLES_BEFORE = frozenset("experte expertin expert rechtsanwalt rechtsanwältin anwalt anwältin".split())
# The beat before a job ("Tech Reporter", "Games Editor"): part of the job, not of the name.
_BEATS = frozenset(
    """
    tech technology games gaming sports science health business politics political travel food fashion music film
    culture arts entertainment style opinion money finance markets local world national foreign investigative
    deputy managing executive digital social video photo features senior staff contributing associate
    """.split()
)
# Small words a name or an organization's name may hold in lower case ("Jan van der Berg", "Center for ...").
_SMALL_WORDS = frozenset(
    """
    van von der den de la le da di du del della dos das do des bin ibn al el zu zum zur ter ten af av y e i
    the of and for und et los las
    """.split()
)
# Academic and professional letters after a name ("MD", "PhD", "RD", "E-RYT 200", "CFA").
_CREDENTIAL_TOKEN = r"(?:[A-Z]{1,6}(?:-[A-Z]{2,6})?[®™]?|Ph\.?\s?D\.?|(?:[A-Z]\.){2,4}|[A-Z][a-z]?[A-Z][A-Za-z]{0,3}|Jr\.?|Sr\.?|\d{1,4})"
_CREDENTIAL = re.compile(rf"^{_CREDENTIAL_TOKEN}(?:\s+{_CREDENTIAL_TOKEN})*$")
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sir|dame)\.?\s+", re.I)
# Degrees and licences that a writer signs after the name ("Jane Roe, MS, RD", "Jane Roe, Ph.D."). A byline keeps
# them as part of the name as printed, as the reference data of every development set does (wcxb, trafilatura-eval,
# the Readability pages). Capitals alone do not tell them from an outlet ("Jane Roe, CNN", "..., NDR"): a run of
# them after a name counts when one is known here, or is written with dots or a trade mark ("M.D.", "CEPF®").
_DEGREES = frozenset(
    """
    md phd dphil mba mph ms msc ma ba bs bsc med edd jd llm esq rn bsn msn np fnp aprn pa-c rd rdn ld ldn cdn cns
    dvm vmd dds dmd pharmd dpt otr lcsw lmft lpc lmhc psyd cpa cfa cfp cma chfc clu cissp pmp cscs ryt ibclc
    cdces cde facp facs faap facc mfa lvt
    """.split()
)
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())  # generations ("John Roe, Jr."): part of the name
_DOTTED_LETTERS = re.compile(r"(?:[A-Z][a-z]?\.){2,}")  # "M.D.", "Ph.D.": a degree, whatever its letters
# "Author: Jane Roe", "Text und Interview: Jane Roe", "Datum: 19.11.2021 Autor: Jane Roe Quelle: Acme".
_FIELD = re.compile(r"(?:^|(?<=\s))([A-Za-zÀ-ÿ]+(?:\s+(?:und|and|&|\+)\s+[A-Za-zÀ-ÿ]+)?)\s?:\s*")
# The first label may be two words ("Last Updated:", "Article written:"); later ones are one, so a label
# is never read into the name before it.
_FIRST_FIELD = re.compile(r"^([A-Za-zÀ-ÿ]+(?:\s+(?:und|and|&|\+)?\s*[A-Za-zÀ-ÿ]+)?)\s?:\s*")
# Labels under which a byline names who wrote the text (not "Fotos", "Datum", "Quelle", "design").
_WRITING_LABELS = frozenset(
    """
    author authors autor autorin autoren auteur auteurs autore autori autores text texte tekst words interview by
    von par por door reporter reporting story written verfasser verfasserin contributor contributors texto autorka
    autorzy autoři yazar автор авторы συντάκτης skribent forfatter
    """.split()
)
# Words of a credit for other work than the writing ("Übersetzt von:", "Edited by:").
_CREDIT_WORDS = frozenset(
    """
    reviewed edited checked fact-checked illustrated translated photographed geprüft überprüft redigiert lektoriert
    übersetzt bearbeitet relu révisé traduit revisado traducido illustration illustrations photo photos foto fotos
    bilder grafik grafiken photography fotografie
    """.split()
)
_NOT_A_NAME = re.compile(r"https?://|@|\.(?:php|html?|aspx?)\b|[<>{}\[\]=#*→←»«©:]", re.I)
# A bare host name stands for an organization ("przepisy.pl", "AccountingDepartment.com"); inside a longer
# text a host or path is no name.
_HOST = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|io|eu|de|at|ch|pl|fr|it|es|nl|uk)$", re.I)
# A web address inside a text: "www.", a .com/.org/.net, or another host name before a path ("wien.ORF.at/Agenturen").
_HOST_IN_TEXT = re.compile(r"www\.|\.(?:com|org|net)\b|\w\.(?:info|io|eu|de|at|ch|pl|fr|it|es|nl|uk)(?=/)", re.I)
# A note in brackets after a name: "(Sponsored Post)", "(Staff Writer)".
_TRAILING_NOTE = re.compile(r"\s*\(([^()]{2,40})\)\s*$")
# Affiliation marks glued to a name in a paper's list of authors ("Jane Roe1,2", "John Doe3").
_FOOTNOTE = re.compile(r"(?<=[a-zà-ÿ])\d{1,2}(?:,\d{1,2})*(?=\s|$|[;,])")
# An agency's or desk's mark after a name and a slash: "Jane Roe/dpa", "Jane Roe /SP-X".
_AGENCY_MARK = re.compile(r"(?<=[a-zà-ÿ])\s*/\s*[A-Za-z][\w-]{0,9}$")
# An editor's mark in brackets after a name: "Jane Roe (eg)", "(dpa/lno)".
_EDITOR_MARK = re.compile(r"[a-zäöü]{1,4}(?:/[a-zäöü]{1,4})*")
_QUOTES = "\"'“”‘’«»„"
MAX_NAMES = 10


# byline_names' last question and answer: (text, the ``whole`` it was asked with, names). An extractor
# reads the same byline from several places in a row (JSON-LD, the byline markup, the author box).
_last_byline: tuple[str | None, object, tuple[str, ...]] | None = None


def byline_names(text: str | None, *, whole: Callable[[str], bool] | None = None) -> list[str]:
    """The people named in a byline, in order, each once; ``[]`` when it names none.

    ``whole(text)`` says a phrase is one organization's name that must not be split ("Mac & i").
    The last answer is remembered when ``whole`` is ``None`` or a method (an extractor's
    ``is_site_name``, whose answers are fixed for that extractor), and given again for the same text
    and the same ``whole``: the method's object is held weakly, so a page's extractor is never kept
    alive, and one that has gone answers nothing.
    """
    global _last_byline
    last = _last_byline
    if last is not None and last[0] == text and _same_whole(last[1], whole):
        return list(last[2])
    names = _byline_names(text, whole)
    if whole is None:
        _last_byline = (text, None, tuple(names))
    elif isinstance(whole, types.MethodType):
        try:
            _last_byline = (text, weakref.WeakMethod(whole), tuple(names))
        except TypeError:  # a method of an object that takes no weak reference (slots): not remembered
            _last_byline = None
    return names


def _with_after(text: str) -> str:
    """A byline's "with" clause after a person's name: another writer ("Jane Roe with Sam Doe" reads as
    "Jane Roe and Sam Doe"), or dropped where it credits the sources or an agency ("Jane Roe mit Material von
    dpa", "Jane Roe with additional reporting by Sam Doe", "Von Jane Roe mit dpa"). Only after a name, and
    no other clause: "Interview with Jane Roe" names the one asked, "Von Acme mit Beta zu Gamma" tells a history."""
    clause = _WITH_AFTER.search(text)
    if clause is None:
        return text
    name = clean_name(text[: clause.start()])
    if name is None or not looks_like_person(name):
        return text
    rest = clause.group(1)
    if _SOURCES_USED.match(rest) or len(rest.split()) == 1:
        return text[: clause.start()]
    others = [clean_name(piece) for piece in _LIST.split(rest)]
    people = all(other is not None and looks_like_person(other) for other in others)
    return f"{text[: clause.start()]} and {rest}" if people else text


def _same_whole(held: object, whole: Callable[[str], bool] | None) -> bool:
    """Whether ``whole`` is the predicate ``held`` (None, or a WeakMethod) refers to."""
    if held is None:
        return whole is None
    return whole is not None and held() == whole  # type: ignore[operator]


def _byline_names(text: str | None, whole: Callable[[str], bool] | None) -> list[str]:
    """:func:`byline_names`, worked out."""
    text = clean_text(text)
    if not text or len(text) > 300 or _PLACED_IN.match(text):
        return []  # "Published in Acme Weekly": where the story ran, not who wrote it
    text = text.translate(_AS_BULLET)  # "Jane Roe ● 6 min read": one bullet for the patterns below
    # "Jane Roe (avec Sam Doe et Ann Poe)": three writers; "(with additional reporting by Sam Doe)": one.
    text = _WITH_OTHERS.sub(lambda m: f" and {m.group(1)}" if m.group(1)[:1].isupper() else "", text)
    interview = _INTERVIEW.match(text)
    if interview:
        text = interview.group(1)  # "An interview by Jane Roe with Sam Doe": the one asking wrote it
    text = _with_after(text)
    text = _TEXT_AND_PICTURES.sub("", text, count=1)  # "Text and photos by Jane Roe": she wrote it too
    text = _OTHER_ROLE.sub("", _DATED_BY.sub("", _written_field(text), count=1))
    labelled = clean_text(_DECORATION.sub(" ", text)) or ""
    text = _strip_prefix(labelled)
    if text != labelled and text.endswith(":") and not _PREFIX.fullmatch(text):
        text = text[:-1]  # "Autor <span>Jane Roe:</span>": the label came first; the colon ends the name, not a field
    if not text or _PREFIX.fullmatch(text) or _says_no_one(text) or _is_prose(text):
        return []  # a bare "By" or "Author:" with the name elsewhere, or a sentence of the text
    if whole is not None and whole(text):
        return [text.strip(_QUOTES + " .,;:")] if looks_like_name(text, digits=True) else []
    if _is_institution(text):
        return [text.strip(_QUOTES + " .,;:")]  # one institution, whatever "and" or "for" it holds
    segments = [seg for seg in _BULLET.split(text) if seg.strip()]
    if len(segments) > 1 and any(c.isdigit() for c in text):
        # "Dec. 19, 2025 · Jane Roe", "Jane Roe | 6 mins | May 2, 2025": the names are the part without digits.
        text = _strip_prefix(next((seg for seg in segments if not any(c.isdigit() for c in seg)), text))
    elif len(segments) == 2 and whole is not None and whole(segments[0]) and looks_like_person(_strip_prefix(segments[1])):
        text = _strip_prefix(segments[1])  # "Acme - Jane Roe": the site, then the writer
    split = _LIST_KEPT.split(text)
    pieces, separators = split[::2], ["", *split[1::2]]
    if len(pieces) > 1 and any(len(p.strip()) <= 2 and not p.strip().isupper() for p in pieces):
        pieces, separators = [text], [""]  # "Mac & i", "A & E": one name with a conjunction in it, not two people
    if len(pieces) == 2 and separators[1].strip() == "," and len(pieces[0].split()) == 1 and _INITIALS.match(pieces[1].strip()):
        pieces, separators = [reorder(text)], [""]  # "Roe, J.": family name, then initials
    if len(pieces) > 1 and any(len(p.split()) > 1 and p == p.lower() and p != p.upper() and not any(c.isdigit() for c in p) for p in pieces):
        return []  # "microservices, secure developer tooling": a phrase of the text, not people
    names: list[str] = []
    first_failed = False
    signed, credited = -1, False  # the piece that gave the last name (or its letters), and whether letters followed
    for position, (piece, separator) in enumerate(zip(pieces, separators)):
        if position and _CREDENTIAL.match(piece.strip()) and not _named_in_capitals(piece, separator):
            if signed == position - 1 and (credited or _is_degree(piece)):
                names[-1] = f"{names[-1]}{', ' if separator.strip() == ',' else separator}{piece.strip()}"
                signed, credited = position, True  # "Jane Roe, MS, RD": letters she signs with
            continue  # "AP", "NDR" after a name: the outlet, not part of it
        previous = names[-1] if names else ""
        if position and len(piece.split()) == 1 and (first_failed or separator.strip()[:1] in (",", ";") and (len(previous.split()) > 1 or _HOST.match(previous))):
            if is_role(piece):
                break  # "Juan Pérez, corresponsal en Madrid": a job, and where it is done
            continue  # "Jane Roe, London, John Doe": one word after a full name is a place or a desk, no person
        name = None if position and (_is_affiliation(piece) or _outlet_desk(piece, previous)) else clean_name(piece, whole=whole)
        if name is None and position == 0 and len(pieces) == 1 and is_role(piece):
            name = clean_name(piece, whole=lambda _: True)  # a desk or team signs alone: "News Desk"
        if name is None and position > 0:
            break  # a role, an affiliation or credentials: what follows describes the people named
        first_failed = first_failed or name is None
        if name and name.casefold() not in (n.casefold() for n in names):
            names.append(name)
            # "Jane Roe MD, FACS": letters already ended the name; more of them after a comma are hers too.
            last = name.split()[-1]
            signed, credited = position, len(last) > 1 and last.isupper() and not name.isupper() and _CREDENTIAL.match(last) is not None
    return names[:MAX_NAMES]


def _is_degree(piece: str) -> bool:
    """Whether letters after a name are a degree or licence ("MD", "Ph.D.", "E-RYT 200", "CEPF®"), or a
    generation ("Jr."), rather than an outlet's initials."""
    for token in piece.split():
        if token.casefold() in _SUFFIXES or "®" in token or "™" in token or _DOTTED_LETTERS.fullmatch(token):
            return True
        bare = token.replace(".", "").casefold()
        if bare in _DEGREES or any(part in _DEGREES for part in bare.split("-")):
            return True
    return False


def _named_in_capitals(piece: str, separator: str) -> bool:
    """Whether a piece that reads as credentials ("MS RD") is a second person's name set in capitals, as
    wire bylines are ("By JANE ROE and JOHN DOE"): two words or more, joined by a conjunction, not a comma."""
    return len(piece.split()) > 1 and separator.strip()[:1] not in (",", ";")


def clean_name(text: str | None, *, whole: Callable[[str], bool] | None = None) -> str | None:
    """One person's name out of a byline piece: prefix, date, role, credentials and quotes dropped."""
    text = clean_text(text)
    if not text:
        return None
    text = _strip_prefix(clean_text(_DECORATION.sub(" ", _written_field(text))) or "")
    if " " in text:
        text = _FOOTNOTE.sub("", text)  # "Jane Roe1": the mark of her affiliation in a paper's list of authors
        text = _AGENCY_MARK.sub("", text)  # "Jane Roe/dpa", "Jane Roe/SP-X": the agency or desk she filed for
    note = _TRAILING_NOTE.search(text)
    if note and (is_role(note.group(1)) or _EDITOR_MARK.fullmatch(note.group(1))):
        text = text[: note.start()]  # "Jane Roe (Sponsored Post)", "Jane Roe (Staff Writer)"
    words = text.split()
    ui = next((i for i, w in enumerate(words) if w.casefold() in _UI_WORDS), None)
    if ui is not None:
        if ui < 2 or not all(w[:1].isupper() for w in words[:ui]):
            return None  # "Learn More", "Full Bio", "Archiv anzeigen"
        text = " ".join(words[:ui])  # "A. J. Neal View In Digital Edition"
    text = _DATE_TAIL.sub("", text)
    text = _FOR.sub("", _ROLE_SEPARATOR.split(text, maxsplit=1)[0])
    filed = _FILED_IN.search(text)
    if filed and " " in text[: filed.start()]:
        text = text[: filed.start()]
    text = text.strip(_QUOTES + " ,;:-–—|•·/~")
    last = text.split()[-1] if text.split() else ""
    text = text if _INITIALS.match(last) or last.casefold() in _SUFFIXES else text.strip(".")  # "J. R. Roe Jr."
    words = _without_agency(_without_job(text.split()))
    half = len(words) // 2
    if half > 1 and len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]  # "Jane Roe Jane Roe": a name printed twice (a photo credit and a caption)
    text = " ".join(words)
    if not text or _says_no_one(text) or text.casefold().strip(".") in _CALENDAR_WORDS:
        return None  # "Sat, 20 Dec": a weekday before a date
    if whole is not None and whole(text):
        return text if looks_like_name(text, digits=True) and not is_login(text) else None
    if len(words) > 1 and len(words[-1]) > 1 and words[-1] in _SMALL_WORDS | _LINKING_WORDS:
        return None  # "Veröffentlicht am", "Posted on": a label whose value follows; no name ends so
    if words[0] in _SMALL_WORDS - _PARTICLES - {"the"}:
        return None  # "of this article": the rest of a label ("Authors of this article")
    return text if looks_like_name(text) and not _is_phrase(text) and not is_role(text) and not is_login(text) else None


def credits_other_work(label: str) -> bool:
    """Whether a label before a name credits other work than the writing ("Reviewed by", "Fotos von")."""
    return _CREDIT_LABEL.search(label) is not None and _TEXT_AND_PICTURES_LABEL.search(label) is None


def dated_byline(text: str) -> bool:
    """Whether a text opens with a date, then a "by" word and a name ("Posted 11. April 2018 by Jane Roe")."""
    return _DATED_BY.match(text) is not None


def opens_byline(text: str) -> bool:
    """Whether a text opens like a byline with lead words before its "by" ("Text von Jane Roe")."""
    return _LEAD_BY.match(text) is not None


def is_lead_label(text: str) -> bool:
    """Whether a text is lead words, a "by" word and a colon alone ("Article written by:"), the names in what follows."""
    return _LEAD_LABEL.fullmatch(text) is not None


def looks_like_name(text: str, *, digits: bool = False) -> bool:
    """A few words with letters, no digits, no URL or markup, not a phrase of the text.

    ``digits=True`` allows digits, for an organization's known name ("98 Buck Social", "3i Global").
    """
    words = text.split()
    if _HOST.match(text):
        return not text.casefold().endswith((".php", ".html", ".htm", ".asp", ".aspx"))
    return (
        0 < len(words) <= 6
        and len(text) <= 80
        and any(c.isalpha() for c in text)
        # Digits only inside a word of more letters ("3i Global", "Marianne1"): a number is a date, a count or a code ("CC7567").
        and (digits or not any(c.isdigit() for c in text) or not any(_numberish(w) for w in words))
        and not _NOT_A_NAME.search(text)
        and not _HOST_IN_TEXT.search(text)
        and not text.endswith(("?", "!"))
        # A lone lower-case letter among the words is no name's part ("Beitragvon r", a user name "r23" cut
        # short); particles are ("Juan y Pedro" is two names, "Maria e Silva" one).
        and not (len(words) > 1 and any(len(w) == 1 and w.islower() and w not in _SMALL_WORDS for w in words))
    )


def _numberish(word: str) -> bool:
    """A word of more digits than letters: "2022", "12:30", "CC7567"; not "3i" or "Bo2man"."""
    digits = sum(c.isdigit() for c in word)
    return digits > 0 and digits > sum(c.isalpha() for c in word)


def _is_phrase(text: str) -> bool:
    """Words of the text rather than a name: "deinen Hochzeitsbloggern", "Atemschutzmaske über Exit-Strategie".
    A name may have one lower-case word ("Mobasir hassan"); longer ones mix cases only in particles."""
    words = text.split()
    lower = [w.isalpha() and w.islower() and len(w) > 2 and w.casefold() not in _SMALL_WORDS for w in words]
    capital = [w[:1].isupper() for w in words]
    return any(capital) and (lower[0] or len(words) > 2 and any(lower))


# Prepositions that end a label before its value ("Veröffentlicht am", "Posted on", "Publié le").
_LINKING_WORDS = frozenset("am um im on at in le el il".split())
_PARTICLES = frozenset("van von der den de la le da di du del della dos das do bin ibn al el zu ter ten af av".split())
# Prepositions that tie a job to a place or an employer; in lower case, never part of a name.
_AFFILIATION_WORDS = frozenset("in at of bei für im am beim aus from with chez à au auprès".split())
_CALENDAR_WORDS = frozenset(
    """
    mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday montag
    dienstag mittwoch donnerstag freitag samstag sonntag today heute yesterday gestern
    """.split()
)
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ]\.\s?){1,3}$")
# Agencies that sign stories for the papers that run them ("By Jane Roe, Associated Press"): generic.py reads
# them as organizations, never people; a byline names one after its writer, often with no mark between.
WIRE_SERVICES = frozenset(
    (
        "ap", "associated press", "the associated press", "reuters", "thomson reuters", "afp", "agence france-presse",
        "dpa", "deutsche presse-agentur", "upi", "pa", "pa media", "press association", "ansa", "efe", "apa",
        "kyodo", "xinhua", "bloomberg", "cnn wire", "staff", "staff reports", "wire reports", "news desk",
        # National agencies of other countries, as bylines print them.
        "anp", "belga", "tt", "ntb", "ritzau", "stt", "ctk", "čtk", "pap", "mti", "tasr", "hina", "tanjug", "sda",
        "keystone-sda", "ats", "kna", "epd", "lusa", "europa press", "agencia efe", "yonhap", "jiji", "jiji press",
        "aap", "australian associated press", "the canadian press", "canadian press", "pti", "press trust of india",
        "ians", "ani", "anadolu", "anadolu agency", "aa", "tass", "ria novosti", "interfax", "ukrinform", "bernama",
        "antara", "cna", "central news agency", "dpa-afx", "sid", "agencias", "agenzie", "agences", "agenturen",
    )
)
# An agency on its own, as bylines set it after a name: capitals ("AP", "AFP") or small letters ("dpa", "epd").
# A capitalised word alone ("Sid", "Ani", "Staff") may be a name, and stays.
_CASED_AGENCY = re.compile(r"[A-Z]{2,}|[a-z]{2,}")


def looks_like_person(text: str) -> bool:
    """A stricter test, for names found in running text: two to five words, each capitalised or opening with
    a digit of a word of letters ("Jane Roe", "Jan van der Berg", "J. R. Roe", "3i Global"), so "Von Berlin nach
    Hamburg" is no byline."""
    words = text.split()
    if not 2 <= len(words) <= 5 or not looks_like_name(text):
        return False
    # A word may open with a digit of a name ("3i Global"), not be a number.
    return all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in _PARTICLES for w in words) and (words[0][:1].isupper() or words[0][:1].isdigit())


def is_role(text: str) -> bool:
    """Whether a phrase reads as a job title, desk or publication ("Staff Writer", "The Daily Journal")."""
    words = [w.strip(".,").casefold() for w in _HONORIFIC.sub("", text).split()]
    if not words:
        return True
    if words[0] == "the" and len(words) > 1:
        return True
    return any(w in _ROLE_WORDS or "-" in w and w.rsplit("-", 1)[-1] in _ROLE_WORDS for w in words)  # "Online-Redaktion"


def is_login(text: str) -> bool:
    """A CMS login rather than a display name: one lower-case token with a dot, underscore or digits."""
    return not _HOST.match(text) and text.isascii() and " " not in text and text == text.lower() and any(c in text for c in "._0123456789")


def without_honorific(name: str) -> str:
    """A name without the "Dr." or "Prof." before it, for comparing two printings of one name."""
    return _HONORIFIC.sub("", name.strip())


def without_letters(name: str) -> str:
    """A name without the degrees signed after it ("Jane Roe, MS, RD" is "Jane Roe"), for comparing two printings."""
    head, comma, rest = name.partition(",")
    return head.rstrip() if comma and _CREDENTIAL.match(rest.replace(",", " ").strip()) else name


def without_degrees_between(text: str) -> str:
    """The text between two names in a byline without the degrees signed after the first one: ", MD, and " is
    ", and " ("<a>Jane Roe</a>, MD, and <a>John Doe</a>")."""
    pieces = text.split(",")
    kept = [piece for piece in pieces if not (piece.strip() and _CREDENTIAL.match(piece.strip()) and _is_degree(piece))]
    return ",".join(kept) if len(kept) < len(pieces) else text


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


def _written_field(text: str) -> str:
    """The value of the field naming the writer when a text is a row of labelled fields, else the text;
    ``""`` when its fields name no writer ("Fotos: Jane Roe", "Stand: 20. April 2020")."""
    first = _FIRST_FIELD.match(text)
    if first is None:
        return text
    fields = [first, *_FIELD.finditer(text, first.end())]
    for field, following in zip(fields, [*fields[1:], None]):
        label = {w.casefold() for w in field.group(1).split()}
        if label & _WRITING_LABELS and not label & _CREDIT_WORDS:  # "Übersetzt von:" names a translator
            return text[field.end():following.start() if following else len(text)].strip()
    return ""


def _is_affiliation(piece: str) -> bool:
    """A job or an affiliation after a name, told by a preposition no name holds ("Projektleiterin der
    HSS in Tunesien", "Professor of History", "Reporter at Acme") or by the job ending it ("AP Business Writer")."""
    words = piece.split()
    return any(w in _AFFILIATION_WORDS for w in words) or bool(words) and words[-1].casefold().strip(".,") in _JOBS


def _outlet_desk(piece: str, previous: str) -> bool:
    """An outlet's desk after a name written in small letters: a piece opening with an acronym of three
    capitals or more ("Jane Roe, CNN Business"). Not after a name set in capitals, nor two letters ("AJ Roe")."""
    first = piece.split()[0] if piece.split() else ""
    return len(first) >= 3 and first.isupper() and first.isalpha() and not previous.isupper()


def _says_no_one(text: str) -> bool:
    """"About the Author", "No Author", "Über uns": a heading or placeholder, no name."""
    return all(w.casefold().strip(".:") in _EMPTY_WORDS for w in text.split())


def _is_institution(text: str) -> bool:
    """Whether a byline is one institution's name ("Center for Drug Evaluation and Research"), which no "and"
    splits; with commas only where they list what it is for, after its "for" or "of" ("Departement für
    Wirtschaft, Bildung und Forschung WBF"), not a name and an affiliation ("Jane Roe, Harbour University")."""
    first = text.split(",", 1)[0]
    if not any(w.casefold() in _INSTITUTION_WORDS for w in first.split()):
        return False
    if "," not in text:
        return looks_like_name(text)
    # An institution's list is longer than a name: up to twice the words looks_like_name allows.
    return _INSTITUTION_OF.search(first) is not None and len(text.split()) <= 12 and len(text) <= 160 and looks_like_name(first)


def _is_prose(text: str) -> bool:
    """A sentence of the text rather than a byline: mostly lower-case words ("By batching, we can...")."""
    words = [w.strip(".,;:!?()\"'") for w in text.split()]
    content = [w for w in words if len(w) > 2 and w.isalpha() and w.casefold() not in _SMALL_WORDS]
    return len(words) >= 5 and sum(w.islower() for w in content) * 2 > len(content)


def _without_agency(words: list[str]) -> list[str]:
    """A name without the agency a wire byline sets after it with no mark between: "JANE ROE Associated Press",
    "Jane Roe AP" (after "AP Science Writer" lost its job words). Two words of the name at least stay."""
    for size in (3, 2, 1):
        tail = words[-size:]
        if len(words) - size >= 2 and " ".join(tail).casefold() in WIRE_SERVICES and (size > 1 or _CASED_AGENCY.fullmatch(tail[0])):
            return words[:-size]
    return words


def _without_job(words: list[str]) -> list[str]:
    """A name without the job written next to it: "Harry Roe Tech Reporter", "FOCUS-Experte Jane Roe"."""
    if len(words) > 2 and words[0].casefold() != "the":
        job = next((i for i, w in enumerate(words) if i >= 2 and w.casefold().strip(".,") in _JOBS), None)
        if job is not None:
            words = words[:job]
            while len(words) > 2 and words[-1].casefold() in _BEATS:
                words.pop()
    while len(words) > 2 and words[0].casefold().rsplit("-", 1)[-1] in _JOBS | _TITLES_BEFORE:
        words = words[1:]  # a job written before the name
    return words


def _strip_prefix(text: str) -> str:
    text = _GLUED_PREFIX.sub("", text, count=1)
    for _ in range(3):
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text or not stripped.strip():
            break
        text = stripped
    return text.strip()
