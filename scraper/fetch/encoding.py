"""Turn page bytes into text the way browsers do, without ever raising.

Sources, strongest first (the WHATWG encoding-sniffing order, plus one repair rule):

1. a byte order mark: it cannot be there by accident, so it beats every declaration;
2. the charset declared in the Content-Type header, then in a ``<meta>`` tag in the first 4 KB;
3. charset-normalizer's guess when nothing usable is declared;
4. UTF-8 with replacement characters.

Repair rule: a declared charset other than UTF-8 loses to UTF-8 when the bytes are strictly valid
UTF-8 and contain non-ASCII. Legacy text almost never forms valid multibyte UTF-8 by chance, while
servers and templates that label UTF-8 pages as iso-8859-1 are common; trusting the label there
would turn every "é" into "Ã©". The rule never overrides towards a legacy charset: bytes that are
not valid UTF-8 under a UTF-8 label are decoded as UTF-8 with replacement characters, as browsers do.

``binary_kind`` tells pages from binary files served or saved as HTML (a PDF labelled text/html):
known file signatures first, then the share of control bytes that text never contains.

Second repair rule: text encoded as UTF-8 twice. A site that stores UTF-8 text as windows-1252 or
latin-1 and serves it as UTF-8 again prints "itâ€™s" for "it's" and "cafÃ©" for "café", in every
browser. Inside valid UTF-8 pages that hold such a sequence (a test of the bytes, so other pages pay
almost nothing), each run of characters that are the windows-1252 or latin-1 reading of one UTF-8
character whose first byte is C2, C3 (Latin-1 letters, no-break space), E2 (quotes, dashes, bullets)
or F0 (emoji) becomes that character; a run whose bytes are not UTF-8 stays as it is. Other first
bytes are left alone: "Ü“" is a German capital closing a quotation as often as it is Syriac.

Labels go through an allow-list of text codecs, mapped as browsers map them (iso-8859-1 and ascii
decode as windows-1252, gb2312 as gb18030, shift_jis as cp932). Python codecs that are not web
encodings (utf-7, base64, rot13, unicode_escape) are ignored like unknown labels.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

__all__ = ["binary_kind", "codec_for", "decode_html", "decode_page", "sniff_encoding", "undouble_utf8"]

# How far into the document a <meta> charset declaration is looked for.
META_SCAN_BYTES = 4096

# Labels browsers accept that Python's codec registry does not know.
_EXTRA_LABELS = {
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "x-gbk": "gb18030",
    "windows-874": "cp874",
    "dos-874": "cp874",
    "x-mac-roman": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic",
    "iso-8859-8-i": "iso8859-8",
    "logical": "iso8859-8",
    "visual": "iso8859-8",
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "unicodefeff": "utf-16-le",
    "unicodefffe": "utf-16-be",
    "x-user-defined": "cp1252",
}

# Python codec names replaced by the superset browsers decode with.
_BROWSER_CODECS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "euc_kr": "cp949",
    "utf-8-sig": "utf-8",
    "utf-16": "utf-16-le",
}

# Every codec we decode with: the WHATWG encodings as named by Python.
_ALLOWED = frozenset(
    {
        "utf-8", "utf-16-le", "utf-16-be",
        "cp866", "cp874", "cp932", "cp949", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254",
        "cp1255", "cp1256", "cp1257", "cp1258",
        "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7", "iso8859-8",
        "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16",
        "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic",
        "gb18030", "big5hkscs", "euc_jp", "iso2022_jp",
    }
)  # fmt: skip

# Detection only considers the encodings we would accept as declared.
_DETECTABLE = sorted(_ALLOWED)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)

# What a charset label can look like; anything else is rejected before the codec lookup.
_LABEL = re.compile(r"[a-z0-9_.:+-]{1,40}")

# <meta charset=x> and <meta http-equiv=Content-Type content="text/html; charset=x">.
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_.:+-]+)""", re.IGNORECASE)


# Signatures of binary formats that servers and downloads mislabel as HTML.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
# How many leading bytes binary_kind looks at.
SNIFF_BYTES = 4096
# Control bytes that text in any web encoding never contains (the WHATWG "binary data bytes").
_CONTROL = bytes([*range(0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
# More control bytes than this share of the sniffed head means binary data.
_CONTROL_SHARE = 0.05


def binary_kind(body: bytes) -> str | None:
    """What binary data ``body`` is ("a PDF document", "binary data"); None when it may be text.

    A byte order mark means text. UTF-16 without one is recognised by its zero bytes, common and in
    every other position; zero bytes anywhere else, or many control bytes, mean binary.
    """
    head = body[:SNIFF_BYTES]
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[4:12] in (b"ftypisom", b"ftypmp42") or (head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI ")):
        return "a media file"
    if not head or _split_bom(head)[0] is not None:
        return None
    zeros = head.count(0)
    if zeros:
        # In UTF-16 the other byte of a character can be anything, control bytes included.
        return None if _looks_like_utf16(head, zeros) else "binary data"
    controls = len(head) - len(head.translate(None, _CONTROL))
    return "binary data" if controls > _CONTROL_SHARE * len(head) else None


def _looks_like_utf16(head: bytes, zeros: int) -> bool:
    """True when zero bytes are common (ASCII markup in UTF-16) and nearly all sit at even offsets,
    or nearly all at odd ones."""
    even = head[0::2].count(0)
    return zeros >= len(head) / 16 and max(even, zeros - even) >= 0.95 * zeros


# The UTF-8 bytes of a doubled sequence's start: "Â", "Ã" or "â" (C2, C3, E2 read as either), then a
# character of the next byte's reading (C2 80-BF in latin-1; C2 A0-BF or E2 for windows-1252's 80-9F).
# One pass of a regex: about as costly as decoding the page, a fifth of five substring tests.
_DOUBLED_MARK = re.compile(rb"\xc3[\x82\x83\xa2][\xc2\xe2]")
# What a continuation byte (80-BF) reads as in windows-1252 (bytes 80-9F, which it maps to letters and
# punctuation, or leaves as C1 controls, as browsers do) and in latin-1 (C1 controls, then A0-BF).
_HIGH = {bytes([b]).decode("cp1252", errors="ignore") or chr(b): b for b in range(0x80, 0xA0)}
_BYTE_OF = {**{chr(b): b for b in range(0x80, 0x100)}, **_HIGH}
_CONT = "[\x80-\xbf" + "".join(ch for ch in _HIGH if ord(ch) > 0xFF) + "]"
_DOUBLED = re.compile(f"(?:[\xc2\xc3]{_CONT}|\xe2{_CONT}{{2}}|\xf0{_CONT}{{3}})+")


def undouble_utf8(text: str) -> str:
    """``text`` with its runs of UTF-8 read as windows-1252 or latin-1 read as UTF-8 (see the module docstring)."""
    return _DOUBLED.sub(_undouble, text)


def _undouble(match: re.Match[str]) -> str:
    run = match.group()
    try:
        return bytes(_BYTE_OF[ch] for ch in run).decode("utf-8")
    except UnicodeDecodeError:
        return run


def decode_html(body: bytes, charset: str | None = None) -> str:
    """Decode a page body; ``charset`` is the Content-Type header's charset parameter, if any."""
    return decode_page(body, charset)[0]


def decode_page(body: bytes, charset: str | None = None) -> tuple[str, bytes | None]:
    """:func:`decode_html`'s text, and the body's UTF-8 bytes when it is valid UTF-8 (its BOM left out).

    Those bytes are exactly the text encoded again, which the HTML parser takes: handing them on spares
    encoding the text anew (about 3 % of a page's extraction). None when the body is in another encoding
    or has bytes that are not UTF-8 (they decode to U+FFFD, which would encode differently).
    """
    bom_codec, rest = _split_bom(body)
    codec = bom_codec or _declared_or_detected(body, charset)
    if codec == "utf-8":
        try:
            text = rest.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if _DOUBLED_MARK.search(rest) is not None:
                return undouble_utf8(text), None
            return text, rest
    return rest.decode(codec, errors="replace"), None


def sniff_encoding(body: bytes, charset: str | None = None) -> str:
    """Return the Python codec ``decode_html`` uses for these bytes (see the module docstring)."""
    return _split_bom(body)[0] or _declared_or_detected(body, charset)


def codec_for(label: str | None) -> str | None:
    """Map a charset label to the codec browsers decode it with; None if unknown or not a web encoding."""
    if not label:
        return None
    key = label.strip().strip("\"'").strip().lower()
    if not _LABEL.fullmatch(key):
        return None
    key = _EXTRA_LABELS.get(key, key)
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    name = _BROWSER_CODECS.get(name, name)
    return name if name in _ALLOWED else None


def _split_bom(body: bytes) -> tuple[str | None, bytes]:
    """The codec a byte order mark names, and the body without it."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec, body[len(bom) :]
    return None, body


def _declared_or_detected(body: bytes, charset: str | None) -> str:
    declared = codec_for(charset) or _codec_from_meta(body[:META_SCAN_BYTES])
    if declared is None:
        return _detected_codec(body)
    return "utf-8" if declared != "utf-8" and _is_multibyte_utf8(body) else declared


def _codec_from_meta(head: bytes) -> str | None:
    """The first supported charset declared in a <meta> tag; a UTF-16 one means UTF-8 (it was readable as ASCII)."""
    for match in _META_CHARSET.finditer(head):
        codec = codec_for(match.group(1).decode("ascii"))
        if codec is not None:
            return "utf-8" if codec.startswith("utf-16") else codec
    return None


def _is_multibyte_utf8(body: bytes) -> bool:
    """True when the bytes are strictly valid UTF-8 and not plain ASCII."""
    return not body.isascii() and _is_utf8(body)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def _detected_codec(body: bytes) -> str:
    if _is_utf8(body):
        return "utf-8"
    best = charset_normalizer.from_bytes(body, cp_isolation=_DETECTABLE).best()
    guessed = codec_for(best.encoding) if best is not None else None
    return guessed or "utf-8"
