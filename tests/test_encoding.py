"""decode_html: BOM, then declared charset (header, then <meta>), then detection; never raises."""

from __future__ import annotations

import codecs
import gzip
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.fetch.encoding import (
    _ALLOWED,
    META_SCAN_BYTES,
    binary_kind,
    codec_for,
    decode_html,
    decode_page,
    sniff_encoding,
    undouble_utf8,
)

CAFE = "<p>Le café coûte 3 €.</p>"
HEAD_UTF8 = '<html><head><meta charset="utf-8"><title>t</title></head><body>'
RUSSIAN = "Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему."
JAPANESE = (
    "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
    "何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。"
)
CHINESE = "北京是中华人民共和国的首都，是全国的政治中心、文化中心，是世界著名古都和现代化国际城市。"


def page(text: str) -> str:
    return f"<html><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("body", "charset", "codec", "text"),
    [
        # The header charset is used when it is a real codec.
        (CAFE.encode("cp1252"), "windows-1252", "cp1252", CAFE),
        (CAFE.encode("utf-8"), "utf-8", "utf-8", CAFE),
        (page(RUSSIAN).encode("koi8-r"), "KOI8-R", "koi8-r", page(RUSSIAN)),
        # iso-8859-1 and ascii labels decode as windows-1252, as browsers do (0x80 is the euro sign).
        (b"<p>\x80 5</p>", "iso-8859-1", "cp1252", "<p>€ 5</p>"),
        (b"<p>\x93quoted\x94</p>", "us-ascii", "cp1252", "<p>\u201cquoted\u201d</p>"),
        # Wrong header: says iso-8859-1, bytes are UTF-8 (and a meta says so): UTF-8 wins.
        ((HEAD_UTF8 + CAFE).encode("utf-8"), "iso-8859-1", "utf-8", HEAD_UTF8 + CAFE),
        # ... and also without the meta: strictly valid multibyte UTF-8 is evidence enough.
        (CAFE.encode("utf-8"), "iso-8859-1", "utf-8", CAFE),
        # Pure ASCII gives no evidence, so the declared charset stands.
        (b"<p>plain</p>", "iso-8859-1", "cp1252", "<p>plain</p>"),
        # Never towards a legacy charset: invalid bytes under a UTF-8 label become U+FFFD.
        (b"<p>caf\xe9</p>", "utf-8", "utf-8", "<p>caf\ufffd</p>"),
        # An unusable header charset falls through to the meta.
        (b'<meta charset="windows-1251">' + RUSSIAN.encode("cp1251"), "no-such-charset", "cp1251",
         '<meta charset="windows-1251">' + RUSSIAN),
        (b"<meta charset=koi8-r>" + RUSSIAN.encode("koi8-r"), "utf-7", "koi8-r", "<meta charset=koi8-r>" + RUSSIAN),
        # Header missing, meta says windows-1252.
        (b'<head><meta charset="windows-1252"></head>' + CAFE.encode("cp1252"), None, "cp1252",
         '<head><meta charset="windows-1252"></head>' + CAFE),
        # http-equiv form, single quotes, odd case and spacing.
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; Charset = ISO-8859-15'>\xa4", None, "iso8859-15",
         "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; Charset = ISO-8859-15'>€"),
        # The first usable meta wins; unknown ones are skipped.
        (b'<meta charset="bogus"><meta charset="cp1251">\xc4\xe0', None, "cp1251",
         '<meta charset="bogus"><meta charset="cp1251">Да'),
        # A meta naming UTF-16 was readable as ASCII, so it means UTF-8.
        ('<meta charset="utf-16">é'.encode(), None, "utf-8", '<meta charset="utf-16">é'),
        # Meta says windows-1252 but the bytes are valid multibyte UTF-8 (copied template).
        (b'<meta charset="windows-1252">' + CAFE.encode("utf-8"), None, "utf-8",
         '<meta charset="windows-1252">' + CAFE),
        # A BOM beats the header and the meta, and is removed from the text.
        (codecs.BOM_UTF8 + CAFE.encode("utf-8"), "iso-8859-1", "utf-8", CAFE),
        (codecs.BOM_UTF16_LE + CAFE.encode("utf-16-le"), "utf-8", "utf-16-le", CAFE),
        (codecs.BOM_UTF16_BE + CAFE.encode("utf-16-be"), None, "utf-16-be", CAFE),
        # Nothing declared: valid UTF-8, then detection.
        (CAFE.encode("utf-8"), None, "utf-8", CAFE),
        (page(JAPANESE).encode("shift_jis"), None, "cp932", page(JAPANESE)),
        (page(JAPANESE).encode("euc_jp"), None, "euc_jp", page(JAPANESE)),
        (page(RUSSIAN).encode("cp1251"), None, "cp1251", page(RUSSIAN)),
        (page(CHINESE).encode("gb18030"), None, "gb18030", page(CHINESE)),
        (b"", None, "utf-8", ""),
    ],
)  # fmt: skip
def test_decode_html(body: bytes, charset: str | None, codec: str, text: str) -> None:
    assert sniff_encoding(body, charset) == codec
    assert decode_html(body, charset) == text


def test_meta_after_the_scan_window_is_ignored() -> None:
    late = b"<!--" + b"x" * META_SCAN_BYTES + b'--><meta charset="windows-1251"><p>ascii</p>'
    early = b'<meta charset="windows-1251"><!--' + b"x" * META_SCAN_BYTES + b"--><p>ascii</p>"

    assert (sniff_encoding(late), sniff_encoding(early)) == ("utf-8", "cp1251")


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("utf-8", "utf-8"),
        ("UTF-8", "utf-8"),
        ("utf8", "utf-8"),
        ('"utf-8"', "utf-8"),
        (" 'UTF8' ", "utf-8"),
        ("unicode-1-1-utf-8", "utf-8"),
        ("latin-1", "cp1252"),
        ("iso-8859-1", "cp1252"),
        ("ISO_8859-1", "cp1252"),
        ("l1", "cp1252"),
        ("ascii", "cp1252"),
        ("us-ascii", "cp1252"),
        ("windows-1252", "cp1252"),
        ("cp1252", "cp1252"),
        ("iso-8859-9", "cp1254"),
        ("iso-8859-15", "iso8859-15"),
        ("windows-1251", "cp1251"),
        ("koi8-u", "koi8-u"),
        ("x-sjis", "cp932"),
        ("shift_jis", "cp932"),
        ("sjis", "cp932"),
        ("windows-31j", "cp932"),
        ("euc-jp", "euc_jp"),
        ("iso-2022-jp", "iso2022_jp"),
        ("gb2312", "gb18030"),
        ("gbk", "gb18030"),
        ("x-gbk", "gb18030"),
        ("big5", "big5hkscs"),
        ("euc-kr", "cp949"),
        ("ks_c_5601-1987", "cp949"),
        ("windows-874", "cp874"),
        ("tis-620", "cp874"),
        ("macintosh", "mac-roman"),
        ("x-mac-cyrillic", "mac-cyrillic"),
        ("iso-8859-8-i", "iso8859-8"),
        ("utf-16", "utf-16-le"),
        ("utf-16be", "utf-16-be"),
        # Unknown labels, and Python codecs that are not web encodings.
        ("no-such-charset", None),
        ("utf-7", None),
        ("utf-32", None),
        ("base64", None),
        ("rot13", None),
        ("hex", None),
        ("zlib", None),
        ("unicode_escape", None),
        ("raw_unicode_escape", None),
        ("idna", None),
        ("undefined", None),
        ("iso-2022-kr", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("utf\x00-8", None),
        ("latin-1\udcff", None),
        ("x" * 500, None),
    ],
)
def test_codec_for(label: str | None, codec: str | None) -> None:
    assert codec_for(label) == codec


PATHOLOGICAL = [
    b"\xff" * 100,
    b"\xfe\xff\x00",  # UTF-16 BOM with an odd number of bytes
    b"\xff\xfe\xd8\x00",  # lone surrogate in UTF-16
    b"\xef\xbb\xbf\xff\xfe",  # UTF-8 BOM, invalid UTF-8 after it
    b"\x00" * 64,
    b"<meta charset=base64>\xff",
    b"<meta charset=unicode_escape>\\N{oops}",
    b"<meta charset=" + b"a" * 5000,
    b"<meta charset=\"\xff\xfe\">caf\xe9",
    b"\x1b$B\x1b(J",  # ISO-2022-JP escapes
    b"\xe2\x82",  # truncated UTF-8
]


@pytest.mark.parametrize("body", PATHOLOGICAL + [random.Random(seed).randbytes(size) for seed, size in
                                                 enumerate([1, 2, 3, 17, 100, 1000, 5000, 70000])])  # fmt: skip
@pytest.mark.parametrize("charset", [None, "utf-8", "utf-16", "shift_jis", "iso-2022-jp", "bogus", "base64", "\x00"])
def test_never_raises(body: bytes, charset: str | None) -> None:
    assert isinstance(decode_html(body, charset), str)


# Property tests: bytes and labels from outside never make decoding raise.

LABELS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["utf-8", "UTF-16", "utf-7", "rot13", "base64", "x-sjis", "gb2312", "iso-8859-1", "koi8-r", "\x00"]),
)
HTML_ISH = st.builds(
    lambda prefix, label, rest: prefix + b"<meta charset=" + label + b">" + rest,
    st.binary(max_size=50),
    st.binary(max_size=20),
    st.binary(max_size=200),
)


@settings(max_examples=300, deadline=None)
@given(body=st.one_of(st.binary(max_size=3000), HTML_ISH), charset=LABELS)
def test_any_bytes_and_label_decode_without_raising(body: bytes, charset: str | None) -> None:
    codec = sniff_encoding(body, charset)
    assert codec in _ALLOWED
    assert isinstance(decode_html(body, charset), str)


@settings(max_examples=300, deadline=None)
@given(label=st.one_of(st.text(max_size=50), st.binary(max_size=50).map(lambda b: b.decode("latin-1"))))
def test_any_label_maps_to_an_allowed_codec_or_none(label: str) -> None:
    assert codec_for(label) in _ALLOWED | {None}


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=5000))
def test_binary_kind_never_raises(body: bytes) -> None:
    assert binary_kind(body) is None or isinstance(binary_kind(body), str)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500))
def test_text_in_any_utf_encoding_with_a_bom_is_never_binary(text: str) -> None:
    for codec in ("utf-8-sig", "utf-16"):
        assert binary_kind(text.encode(codec, "surrogatepass")) is None


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"%PDF-1.7\n...", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n....", "a PNG image"),
        (b"\xff\xd8\xff\xe0..JFIF", "a JPEG image"),
        (b"GIF89a....", "a GIF image"),
        (b"PK\x03\x04....", "a zip archive"),
        (gzip.compress(b"<p>x</p>"), "gzip-compressed data"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "a media file"),
        (b"<html>\x00<p>text</p></html>", "binary data"),
        (bytes(range(256)) * 8, "binary data"),
        (b"<p>caf\xe9, ordinary legacy text</p>", None),
        ("<p>Привет, мир</p>".encode("utf-16-le"), None),
        ("<p>Привет, мир</p>".encode("koi8-r"), None),
        (b"<p>\x0ctext with a form feed and \x1b escape</p>" * 10, None),
        (b"", None),
    ],
)
def test_binary_kind(body: bytes, kind: str | None) -> None:
    assert binary_kind(body) == kind


@given(st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
       st.sampled_from([None, "utf-8", "latin-1", "shift_jis", "bogus"]))
def test_decode_page_gives_decode_html_text_and_utf8_bytes_only_when_they_encode_it(body, charset):
    """The bytes handed to the parser instead of the text encoded again must be exactly that encoding."""
    text, utf8 = decode_page(body, charset)
    assert text == decode_html(body, charset)
    if utf8 is not None:
        assert utf8 == text.encode("utf-8", "ignore")


def test_decode_page_hands_on_valid_utf8_without_its_bom_and_nothing_else():
    page = "<p>Grüße aus Zürich</p>".encode()
    assert decode_page(page, "utf-8") == ("<p>Grüße aus Zürich</p>", page)
    assert decode_page(codecs.BOM_UTF8 + page)[1] == page
    assert decode_page(page[:-8] + b"\xff" + page[-8:], "utf-8")[1] is None  # a stray byte decodes to U+FFFD
    assert decode_page("<p>Grüße</p>".encode("latin-1"), "latin-1")[1] is None


# -- text encoded as UTF-8 twice --------------------------------------------------------------


def as_windows_1252(data: bytes) -> str:
    """Bytes read as windows-1252, as browsers read it (its five unassigned bytes as C1 controls)."""
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in data)


@pytest.mark.parametrize(
    ("doubled", "text"),
    [
        ("itâ€™s", "it’s"),  # read as windows-1252
        ("â\x80\x9cus and themâ\x80\x9d", "“us and them”"),  # read as latin-1
        ("cafÃ© crÃ¨me, Ã‰tÃ©", "café crème, Été"),
        ("ofÂ\xa0COP27", "of\xa0COP27"),
        ("ðŸ˜€ fun", "😀 fun"),
        ("a â€” b", "a — b"),
        # Text that only looks like it stays: no doubled sequence, or bytes that are no UTF-8.
        ("SÃO PAULO", "SÃO PAULO"),
        ("„Über“ Ü“ É»", "„Über“ Ü“ É»"),
        ("ð€€€ x", "ð€€€ x"),  # F0 80 80 80: no UTF-8
    ],
)
def test_doubled_utf8_is_read_once(doubled, text):
    assert undouble_utf8(doubled) == text


def test_a_utf8_page_holding_doubled_text_decodes_repaired_and_hands_on_no_bytes():
    page = ("<p>" + "Itâ€™s a cafÃ©.".encode().decode("utf-8") + "</p>").encode()
    assert decode_page(page, "utf-8") == ("<p>It’s a café.</p>", None)
    clean = "<p>It’s a café, SÃO PAULO.</p>".encode()
    assert decode_page(clean, "utf-8") == ("<p>It’s a café, SÃO PAULO.</p>", clean)  # no doubled bytes: as before


# Characters whose UTF-8 form opens with C2, C3, E2 or F0, and ASCII around them.
REPAIRED = st.text(
    st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x7E), st.characters(min_codepoint=0xA0, max_codepoint=0xFF),
              st.characters(min_codepoint=0x2010, max_codepoint=0x2122), st.characters(min_codepoint=0x1F600, max_codepoint=0x1F64F)),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(text=REPAIRED)
def test_text_doubled_either_way_reads_back(text):
    data = text.encode("utf-8")
    assert undouble_utf8(data.decode("latin-1")) == text
    assert undouble_utf8(as_windows_1252(data)) == text


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_undoubling_any_text_never_raises_and_keeps_text_without_doubled_runs(text):
    fixed = undouble_utf8(text)
    assert isinstance(fixed, str)
    if not any(ch in "\xc2\xc3\xe2\xf0" for ch in text):
        assert fixed == text
