"""Find the article body on any page by content scoring, without changing the parsed tree.

How it works (one pass to measure, one pass over the chosen part to emit blocks):

1. **Measure.** One walk over ``<body>`` records, for every element that is not noise, its text
   length, the part of it inside links, its commas, and how many paragraphs, images, list items,
   form inputs, video players and heading characters it holds. Noise is skipped with its whole
   subtree and never counts: scripts, form controls and other non-content tags, ruby readings,
   hidden elements (``hidden``, ``aria-hidden``, ``display:none``, a framework's ``hidden`` or
   ``d-none`` class not shown again on wider screens; not a collapsed panel that names the heading
   opening it, ``aria-labelledby``), ARIA roles for navigation and dialogs (unless the element holds
   the page's ``<main>``: a banner never closed),
   ``nav``/``aside``/``footer``, and elements whose class and id weigh as chrome in our fitted
   vocabulary (:mod:`scraper.extract.vocabulary`: menus, footers, cookie banners, comment lists...), unless
   the element holds most of the page's text (a page wrapper with an unlucky class) or is marked as the
   page's main region (``role="main"``, ``id="main"``, ``id="content"``...); a heading's id that
   spells two or more of its own words is its anchor ("nav_nur_die_folie__1") and does not count. A milder
   weight (share bars, tag lists, tool bars) drops an element only while it stays small or mostly
   links; one that proves a long block of prose is scored as if it had no class (the word meant
   something else there: "news_lang_text" is a news item's long text, not a language switcher).
2. **Score.** Every paragraph-like unit (``p``, ``pre``, ``td``, ``section``, long headings, a
   ``div`` holding only inline content, a run of loose text between blocks) with at least 25
   characters is worth 1 + its commas (at most 50: past that they separate a list of names; none at all
   in a list set as short lines broken by ``<br>``, "Jane Roe, Harbour University") + one
   per 100 characters (at most 3). The score goes to its parent in full, its grandparent by half
   and three more ancestors by a falling share, so an element holding many good paragraphs
   collects the most. An element's own score starts from its tag (``div`` and ``article`` up,
   lists and headings down) and the vocabulary weight of its
   class/id (``entry``, ``article``, ``post``... up; ``comment``, ``related``, ``share``... down),
   and is finally scaled by the share of its text that is not link text.
3. **Choose.** The best element wins, unless its class names chrome (a long comment thread) and a
   runner-up whose class names content scores half as well. Several strong candidates under one
   ancestor (an article split into sections), or others of the winner's tag and class (a page
   builder's text blocks, numbered or not), promote their common ancestor; a parent that scores
   nearly as well is climbed to, and so is an ancestor scoring nearly as well with far more text (a
   guide around its richest section). Repeated components whose only common ancestor is ``<body>`` (a
   React page's streamed segments, a page builder's rows set straight into it) make the story of the
   body's children from the first holding a section of prose to the last, chrome by class left out. A choice that lands on a part holding a password field (and not most
   of the page) is a sign-in dialog, not the story: it and everything inside it are left out and the
   choice is made again (a video page's one-paragraph story beside a dialog of forms and password rules).
   Siblings of the winner join when they score well, share its class, or are prose paragraphs, and
   so do blocks of paragraphs of its tag whose class names are some of its own or its own and more
   (the story split around an advert or a paywall's hook: ``story-text``, ``meter story-text``), unless
   the names it adds or lacks would drop a block inside the story (``story-text comments``); a
   linkless paragraph right before it joins as the lead, and so does a standfirst a few levels up
   (linkless paragraphs of sentences in the article's header, beside the headline; not an author
   box, a caption, a teaser cut short with "..." or a line printed twice; a lead in a short list, a box
   of key points, brings the list's other sentences), while the ancestor holds little more than the content.
4. **Emit.** The chosen elements are walked in page order into body blocks (paragraphs, headings,
   list items, block quotes, tables, code, embeds) and images (figures with their captions). An
   article header inside them that their class words leave out ("articleHead") still gives the
   standfirst after its headline.
   On the way, a nested ``div``/``section``/list/table/form is dropped when its numbers say it is
   not prose: a negative class, an author's box, mostly links (unless those are a table of contents
   beside link-free paragraphs), more images than paragraphs, form inputs, a video player with
   little text, almost no text (a lone heading stays, unless it heads
   chrome left out below it, "Share this", or labels an empty advert slot a script fills; so does a
   short line in one of the story's own blocks, a class three siblings with a screen of prose share),
   one picture with a line or two of text beside it (a caption or a teaser; the picture is kept).
   Captions go to the image, not the body; a heading repeating the title (with the few short labels
   above it) and short bylines are dropped. A
   container repeating one already emitted word for word (desktop and mobile copies) is left out,
   and so is a paragraph that is a short label and a link to another story ("Read also: ..."), or
   short with a class naming chrome (a caption, a disclaimer) that is not the story's own style.
5. **Trim.** A short lone link printed twice or more (skip links, "back to top"), datelines at
   the start or end, and credit lines and headings closing the body are page chrome (:func:`trim_chrome`).

When the first try yields less than a screen of text (500 characters), a second try without the
class/id rules runs; it wins only when it finds more than twice the prose (the rules threw away
the story; prose left out as copies or pointers counts as found), since on a short page it mostly adds the boilerplate back. Below ``MAX_DEPTH`` levels
of nesting an element is read as plain text, so hostile nesting cannot exhaust the stack. Nothing
here mutates the tree, so site extractors can keep reading the same document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import add

import attrs
from selectolax.lexbor import LexborNode

from scraper.extract import vocabulary
from scraper.extract.dates import MODIFIED_WORDS, PUBLISHED_WORDS
from scraper.extract.names import BY_WORDS
from scraper.extract.base import (
    BREAK,
    MAX_BLOCK_CHARS,
    NEVER_CONTENT,
    PageShare,
    collector_paused,
    embed_block,
    figure_image,
    first_tagged,
    is_embed,
    is_embed_container,
    laid_out,
    table_block,
)
from scraper.normalize import clean_text, find_printed_dates
from scraper.records import Block, Image

# Below this depth the tree is read as plain text: pathological nesting must not exhaust the stack.
MAX_DEPTH = 220
# Elements measured per page, at most; the rest of a page is left out like noise. The largest page of
# the development sets has about 16,000 (0.99 quantile 6,600); a 10 MB page of 150,000 paragraphs would need ~250 MB to
# measure whole, and no article is that long.
MAX_ELEMENTS = 30_000
# A unit shorter than this (characters) is not scored: captions, buttons, datelines.
MIN_UNIT = 25
# A unit's commas count up to this many: past it they separate a list (names, tags), not clauses.
MAX_COMMAS = 50
# A unit of this many commas or more, in LIST_LINES or more lines broken by <br> of fewer than
# LIST_LINE_CHARS characters each on average, is a list set as lines ("Jane Roe, Harbour University<br>..."):
# its commas are not a sentence's, and count nothing. Only for a unit of inline text: lines of a block inside
# (a code block of a section) are not its own.
LIST_COMMAS, LIST_LINES, LIST_LINE_CHARS = 20, 10, 60
# At most this many short blocks (each under LABEL_CHARS) above a headline are labels, not prose.
MAX_LABELS, LABEL_CHARS = 4, 100
# A lone-link paragraph this short printed twice in one body is page furniture.
REPEAT_CHARS = 80
# A first or last paragraph this short made of dates is a dateline.
DATELINE_CHARS = 60
# A paragraph that is a label of at most LABEL_MAX characters ending in ":" and a link holding
# LINK_SHARE of its text points elsewhere ("See also: ...").
LABEL_MAX, LINK_SHARE = 30, 0.5
_LABEL_ENDS = (":", "»", "›", "→", ">", "▶", "►")  # ... or a mark pointing at the link ("À lire aussi » ...")
# A last paragraph this short that is a label ("Photo: ...", "Source: ...", "More topics:") is a credit
# line or introduces what the page left out; its label has at most CREDIT_LABEL_WORDS words.
CREDIT_CHARS, CREDIT_LABEL_WORDS = 80, 2
# A paragraph inside the content this short whose class names chrome is a caption, credit or note.
NOTE_CHARS = 200
# ...unless paragraphs of its class hold this share of the content's paragraph text: the story's own style.
STYLE_SHARE = 0.25
# A closing paragraph this short ending in "?" or ":" over lone links only introduces them ("Read also:").
PROMPT_CHARS = 80
# A linkless paragraph of this many characters right before the winner is its lead.
LEAD_CHARS = 80
# The standfirst above the content is looked for this many levels up from it, in ancestors holding at
# most STANDFIRST_WINDOW characters more than the content, and in blocks before it of at most HEADER_CHARS.
STANDFIRST_LEVELS, STANDFIRST_WINDOW, HEADER_CHARS = 6, 3000, 2500
# A standfirst is a paragraph of at least this many characters (a shorter line is a label or a note).
STANDFIRST_CHARS = 100
KEY_POINTS = 6  # items of a list of key points under a headline, at most (see ContentFinder._list_leads)
# Candidates (by rank) searched for the winner's repeated components, and the share of its score they need.
REPEAT_RANKS, REPEAT_SHARE = 40, 0.3
# An ancestor of the winner scoring this share of it and holding twice its text is the content instead.
ANCESTOR_SHARE = 0.7
# A container repeating an earlier one word for word is dropped from this many characters up.
COPY_CHARS = 100
# A box inside the content whose class names the author and holding at most this many characters is
# the author's bio, not the story (a longer one is an interview or a profile).
AUTHOR_BOX_CHARS = 1000
# A box of one picture and at most this many characters of text (no paragraph) is a captioned picture.
CAPTION_CHARS = 200
# Fewer characters than this after the first try triggers the relaxed second try.
RETRY_BELOW = 500
# Times the choice is made again after a sign-in dialog won it (a page may hold a sign-in and a sign-up dialog).
LOGIN_TRIES = 3

# Page chrome by its tag; read after all when it holds most of the page's text (an unclosed <aside> at
# the top of the body takes the whole page into it, as browsers parse it) or the element the page marks
# as its article's body (some templates put the story in an <aside> beside a menu that is as long).
_CHROME_TAGS = frozenset(("aside", "footer"))
_ARTICLE_BODY_CSS = '[itemprop~="articleBody"]'
# Never content, never descended into.
SKIP_TAGS = NEVER_CONTENT | {
    "math", "embed", "aside", "footer", "audio", "map", "area", "title", "base", "frameset", "frame",
    "rt", "rp",  # ruby readings printed above words (furigana), not words of the text
}
# The relaxed second try reads <noscript>: some pages print their whole story, or a blog its posts,
# only there (for readers without scripts), and a page whose scripts fill it in shows nothing else.
RELAXED_SKIP_TAGS = SKIP_TAGS - {"noscript"}
# Elements whose presence makes a div a container rather than a paragraph.
BLOCK_TAGS = frozenset(
    (
        "p", "div", "blockquote", "dl", "ol", "ul", "pre", "table", "img", "section", "article",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "main", "form", "fieldset",
        "hr", "iframe", "video", "picture", "address", "details",
    )
)
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Units: elements scored as paragraphs in their own right.
UNIT_TAGS = frozenset(("p", "pre", "td", "section", "h2", "h3", "h4", "h5", "h6"))
# Containers whose loose inline text forms paragraphs of its own.
LOOSE_TEXT_TAGS = frozenset(("div", "article", "main", "body", "center"))
# Elements a candidate's content is checked again before it is emitted.
CONDITIONAL_TAGS = frozenset(("div", "section", "ul", "ol", "table", "form", "fieldset", "header", "dl"))
TAG_SCORE = {
    "div": 5, "article": 8, "main": 5, "section": 2, "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}
# A unit's score goes to its parent divided by 1, its grandparent by 2, and three more ancestors by 6, 9, 12.
_SHARE_DIVISORS = (1, 2, 6, 9, 12)
NOISE, SMALL_NOISE = 1, 2
# Tags never dropped for their class or id alone.
_NEVER_NOISE = frozenset(("body", "html", "a", "main", "article", "td", "th", "tr", "tbody", "table", "p", "code", "pre", "li"))
_HIDDEN_ROLES = frozenset(("navigation", "menu", "menubar", "complementary", "alert", "alertdialog", "dialog", "banner", "contentinfo", "search"))
# Attributes that can hide an element, and with class and id, all :meth:`ContentFinder._noise` reads
# (``itemprop`` only saves an element its class would drop).
_HIDING_KEYS = frozenset(("role", "aria-hidden", "aria-modal", "hidden", "style"))
_NOISE_KEYS = _HIDING_KEYS | {"class", "id"}
# Ids templates give the page's main region, as <main> and role="main" mark it: such an element is
# never dropped for its class words (it is still dropped when hidden).
_MAIN_IDS = frozenset(("main", "content", "main-content", "maincontent", "main_content"))

SMALL_BLOCK = 500
# The link share a nested block of SMALL_BLOCK characters or more, without headings, may have (one value
# tried, not tuned).
PROSE_LINK_SHARE = 0.35
# Content score points per unit of class/id weight (log-odds; see scraper.extract.vocabulary), chosen by body F1
# on wcxb-dev and readability-test-pages among 8, 12.5, 18 and 25.
CLASS_POINTS = 18
# A nested container inside the chosen content whose class/id is worth this or less is dropped.
DROP_POINTS = -25
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_STREAMED = re.compile(r"S:\d+")  # id of a streamed segment of a server-rendered page
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$|[.!?]\s")
_COMMA_RUN = re.compile("[,，、،﹐︐︑⹁⸴⸲﹑]")
_VIDEO_HOSTS = re.compile(r"//(?:[\w-]+\.)*(?:youtube(?:-nocookie)?\.com|youtu\.be|vimeo\.com|dailymotion\.com|twitch\.tv|ted\.com|bilibili\.com|archive\.org|v\.qq\.com)/", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_HIDDEN_CLASSES = frozenset(("hidden", "d-none", "is-hidden"))
_SHOWN_AT = re.compile(r"d-(?:sm|md|lg|xl|xxl)-(?!none)|visible-")  # shown again from some width on
# Tags looked for below an element while emitting (base.first_tagged: a walk, not a selector, for a small one).
_EMBED_TAGS, _LINK_TAG, _IMG_TAG = frozenset(("iframe", "blockquote")), frozenset(("a",)), frozenset(("img",))
_INSTANCE_CLASS = re.compile(r"[a-z][-_]\d+$", re.IGNORECASE)  # a class numbering its element: "story-body-2"


@attrs.define(slots=True, eq=False)
class Box:
    """What the measuring walk learned about one element."""

    node: LexborNode
    tag: str
    parent: Box | None
    attributes: dict[str, str | None]  # the element's, read once by the walk
    text: int = 0  # characters of visible text below, noise excluded
    links: int = 0  # of which inside <a>
    commas: int = 0
    has_block: bool = False  # a block-level element below
    has_noise: bool = False  # a skipped element below (its text must not leak into the output)
    score: float | None = None  # None until a unit below touches it
    is_unit: bool = False
    counts: list[int] | None = None  # below: paragraphs, images, list items, inputs, embeds, heading chars

    def link_density(self) -> float:
        return self.links / self.text if self.text else 0.0


@attrs.frozen
class Content:
    """The article body found on a page."""

    blocks: tuple[Block, ...]
    images: tuple[Image, ...]
    text_length: int  # characters in text blocks
    link_density: float  # of the chosen container
    score: float  # of the chosen container; 0 when the whole body was taken
    # The elements the body was read from, page order, but for a standfirst found in the article's header
    # (the header's date line stands above the article, not after it).
    containers: tuple[LexborNode, ...] = ()


def class_weight(box: Box) -> int:
    """Content score points for what an element's class and id say (see :mod:`scraper.extract.vocabulary`)."""
    attrs_ = box.attributes
    return round(CLASS_POINTS * vocabulary.weight(attrs_.get("class"), attrs_.get("id")))


def _labels_a_slot(node: LexborNode) -> bool:
    """Whether a lone heading labels an empty slot after it, which a script fills (an advert's
    "<h3>Advertisement</h3><ad-slot></ad-slot>", or an ``<ins>`` as ad scripts write): a label of what the
    page left out, not a heading of the story. (Empty ``div``/``span`` after a heading are mostly its rules.)"""
    headed = False
    for child in node.iter():
        tag = child.tag
        if tag in HEADINGS:
            headed = True
        elif headed and (tag == "ins" or "-" in tag and tag[0] != "-") and not (child.text() or "").strip():
            return True  # a custom element or an <ins>, as ad scripts use, with nothing in it yet
    return False


def _spells_text(id_: str, node: LexborNode) -> bool:
    """Whether an id spells words of the element's own text (two or more): an anchor made from a heading
    ("nav_nur_die_folie__1" on "Nur die Folie bleibt zurück"), whose words are the author's, not the template's."""
    text = set(_WORDS.findall((node.text() or "").lower()))
    return sum(1 for word in vocabulary.words(id_) if word in text) >= 2


def unit_score(box: Box) -> float:
    if box.commas > LIST_COMMAS and not box.has_block:  # lines of its own text, not of blocks inside (a code block)
        lines = box.node.text().count(BREAK) + 1
        if lines >= LIST_LINES and box.text < LIST_LINE_CHARS * lines:
            return _worth(box.text, 0)  # short lines broken by <br>: a list of names, whose commas part name and place
    return _worth(box.text, box.commas)


def _worth(text: int, commas: int) -> float:
    """A unit's score from its characters and commas (see the module docstring, step 2)."""
    return 1 + min(commas, MAX_COMMAS) + min(text // 100, 3)


class ContentFinder:
    """Measure, score, choose and emit; see the module docstring. One instance per attempt."""

    def __init__(self, root: LexborNode, base: str, *, title: str | None = None, strict: bool = True,
                 share: PageShare | None = None) -> None:
        self.root = root
        self.base = base
        self.title_key = _fold(title) if title else None
        self.strict = strict  # False: class/id words are ignored (the relaxed second try)
        self.skip = SKIP_TAGS if strict else RELAXED_SKIP_TAGS
        self.boxes: dict[int, Box] = {}
        self.units: list[tuple[Box, float]] = []  # (the element the score goes to first, score)
        self.noise: set[int] = set()
        self.share = share if share is not None else PageShare(root)  # share: the root's, measured already maybe
        self.link_lines: set[int] = set()  # after emit(): indexes of blocks that are a lone link
        self.copied = 0  # after emit(): characters left out as copies of what was emitted
        self.flattened = False  # after measure(): some element lies below MAX_DEPTH, read as plain text
        self.standfirst: set[int] = set()  # after choose(): ids of the lead paragraphs found above the content
        self.header_leads = 0  # after emit(): characters of lead paragraphs read from the article's header inside it
        # After measure(): ids of elements whose class said "drop unless big" (SMALL_NOISE) and that proved a
        # long block of prose: the vocabulary misread their class, which then adds nothing to their score.
        self.proven: set[int] = set()

    # -- 1. measure ------------------------------------------------------------------------

    def measure(self) -> Box:
        top = Box(self.root, self.root.tag or "body", None, self.root.attributes)
        self.boxes[self.root.mem_id] = top
        self._walk(top, 0, False)
        return top

    def _noise(self, node: LexborNode, tag: str, attrs_: dict[str, str | None]) -> int:
        """NOISE for an element never read, SMALL_NOISE for one dropped unless it proves big, else 0.

        For an element whose tag is read, with a class, id or hiding attribute (:meth:`_walk` settles the others).
        """
        get = attrs_.get
        class_ = get("class")
        # A collapsed panel names the heading that opens it (an accordion's answer): folded, not hidden.
        folded = "aria-labelledby" in attrs_
        if not _HIDING_KEYS.isdisjoint(attrs_):  # most elements carry none of these
            role = get("role")
            if role and role.strip().lower() in _HIDDEN_ROLES:
                # A banner or menu holding the page's <main> was never closed: it wraps the page, as parsed.
                return 0 if node.css_first("main, [role=main]") is not None else NOISE
            if get("aria-hidden") == "true" or get("aria-modal") == "true":
                return 0 if "fallback-image" in (class_ or "") else NOISE
            # A server-rendered page streams late parts as <div hidden id="S:n">, which its script moves
            # into place at once (React's streaming convention): shown, not hidden.
            if "hidden" in attrs_ and not folded and not _STREAMED.fullmatch(get("id") or ""):
                return 0 if "fallback-image" in (class_ or "") else NOISE
            style = get("style")
            if style and not folded and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style):
                return NOISE
        # ("hid"/"none": _hidden_by_class's own first test, here to spare most elements the call.)
        if class_ and ("hid" in class_ or "none" in class_) and not folded and _hidden_by_class(class_) and not self.share.wraps_page(node):
            return NOISE
        if not self.strict or tag in _NEVER_NOISE:
            return 0
        id_ = get("id")
        value = vocabulary.weight(class_, id_)  # what the class and id say
        if value <= vocabulary.SMALL_NOISE_BELOW and id_ and tag in HEADINGS and _spells_text(id_, node):
            value = vocabulary.weight(class_)  # the id is the heading's anchor: "nav_nur_die_folie__1"
        if value > vocabulary.SMALL_NOISE_BELOW or "articleBody" in (get("itemprop") or ""):
            return 0
        if get("role") == "main" or (id_ or "").lower() in _MAIN_IDS:
            return 0  # the page's main region: its class may name the layout around it ("subnav_true")
        if value <= vocabulary.NOISE_BELOW:
            return NOISE if not self.share.wraps_page(node) else 0
        return SMALL_NOISE

    def _walk(self, box: Box, depth: int, in_link: bool) -> None:
        # The hot loop of the extractor: the box's sums are kept in locals and stored at the end.
        node = box.node
        boxes = self.boxes
        noise_ids = self.noise
        text_sum = link_sum = comma_sum = 0
        has_noise = box.has_noise
        has_block = box.has_block
        run_text = run_commas = run_links = 0
        run_open = False
        loose = box.tag in LOOSE_TEXT_TAGS
        deeper = depth < MAX_DEPTH
        skip = self.skip
        # skip_empty: the whitespace between tags (ASCII only) never reaches Python; other blanks stop below.
        for child in node.iter(include_text=True, skip_empty=True):
            tag = child.tag
            if tag == "-text":
                text = child.text_content
                if not text or text.isspace():
                    continue
                length = len(text.strip())
                commas = text.count(",") if text.isascii() else _count_commas(text)
                text_sum += length
                comma_sum += commas
                if in_link:
                    link_sum += length
                    run_links += length
                run_text += length
                run_commas += commas
                run_open = True
                continue
            if tag == "-comment" or tag is None:
                continue
            if tag in skip and not (tag in _CHROME_TAGS and self._holds_page(child)):
                attrs_ = child.attributes if tag in _SKIPPED_COUNTED else _NO_ATTRS
                noise = NOISE
            else:
                attrs_ = child.attributes
                # Without any of these attributes an element is never noise (its class/id weigh 0).
                noise = 0 if _NOISE_KEYS.isdisjoint(attrs_) else self._noise(child, tag, attrs_)
            if len(boxes) >= MAX_ELEMENTS:
                noise = NOISE
            if noise == NOISE:
                noise_ids.add(child.mem_id)
                has_noise = True
                slot = _SKIPPED_COUNTED.get(tag)
                if slot is not None and (slot != EMBEDS or _is_video(attrs_)):
                    _count(box, slot, 1)
                continue
            sub = Box(child, tag, box, attrs_)
            boxes[child.mem_id] = sub
            if deeper:
                units = len(self.units)
                self._walk(sub, depth + 1, in_link or tag == "a")
                if noise == SMALL_NOISE:
                    if sub.text < SMALL_BLOCK or sub.link_density() > 0.5:
                        del self.units[units:]
                        noise_ids.add(child.mem_id)
                        has_noise = True
                        continue
                    self.proven.add(child.mem_id)
            else:
                self.flattened = True
                flat = clean_text(child.text()) or ""
                sub.text = len(flat)
                sub.links = sub.text if in_link or tag == "a" else 0
            sub_text = sub.text
            text_sum += sub_text
            link_sum += sub.links
            comma_sum += sub.commas
            has_noise = has_noise or sub.has_noise
            slot = _COUNTED.get(tag)
            if slot is not None and (slot != EMBEDS or _is_video(attrs_)):
                _count(box, slot, sub_text if slot == HEADING_CHARS else 1)
            if sub.counts is not None:
                if box.counts is None:
                    box.counts = sub.counts.copy()
                else:
                    box.counts = list(map(add, box.counts, sub.counts))
            if tag in BLOCK_TAGS or sub.has_block:
                has_block = True
                if loose and run_open:
                    self._loose_unit(box, run_text, run_commas, run_links)
                run_text = run_commas = run_links = 0
                run_open = False
            else:
                run_text += sub_text
                run_commas += sub.commas
                run_links += sub.links
                run_open = True
        box.text += text_sum
        box.links += link_sum
        box.commas += comma_sum
        box.has_noise = has_noise
        box.has_block = has_block
        if has_block:
            if loose and run_open:
                self._loose_unit(box, run_text, run_commas, run_links)
        elif box.tag == "div" and box.text >= MIN_UNIT and box.parent is not None:
            box.is_unit = True  # a div holding only inline content is a paragraph
            self.units.append((box.parent, unit_score(box)))
            return
        if box.tag in UNIT_TAGS and box.text >= MIN_UNIT and box.parent is not None:
            box.is_unit = True
            self.units.append((box.parent, unit_score(box)))

    def _holds_page(self, node: LexborNode) -> bool:
        """Whether a chrome element (``_CHROME_TAGS``) holds the page after all: most of its text, or its article body."""
        return self.share.wraps_page(node) or node.css_first(_ARTICLE_BODY_CSS) is not None

    def _loose_unit(self, container: Box, text: int, commas: int, links: int) -> None:
        if text >= MIN_UNIT and links < text * 0.5:
            self.units.append((container, _worth(text, commas)))

    # -- 2. score --------------------------------------------------------------------------

    def score(self) -> list[Box]:
        touched: list[Box] = []
        for first, points in self.units:
            box: Box | None = first
            for divisor in _SHARE_DIVISORS:
                if box is None:
                    break
                if box.score is None:
                    box.score = self._initial(box)
                    touched.append(box)
                box.score += points / divisor
                box = box.parent
        for box in touched:
            box.score = (box.score or 0.0) * (1 - box.link_density())
        return touched

    def _initial(self, box: Box) -> float:
        base = float(TAG_SCORE.get(box.tag, 0))
        if not self.strict or box.node.mem_id in self.proven:
            # A proven element's class does not count against it as a candidate. Nested inside another
            # winner it is still judged by its class (keep()): there it is mostly a related-stories box
            # with long teasers ("Lesen Sie auch"), which that rule rightly leaves out.
            return base
        return base + class_weight(box)

    # -- 3. choose -------------------------------------------------------------------------

    def choose(self, candidates: list[Box]) -> tuple[Box | None, list[Box]]:
        ranked = sorted((b for b in candidates if b.tag not in ("body", "html")), key=lambda b: b.score or 0.0, reverse=True)
        for _ in range(LOGIN_TRIES):
            top, parts = self._choose(ranked)
            dialog = next((box for box in parts if self._login_form(box)), None)
            if dialog is None:
                return top, parts
            # A sign-in dialog won, or its panels led to it: it and everything inside it are left out.
            ranked = [box for box in ranked if box is not dialog and dialog not in _ancestors(box)]
        return None, []

    def _choose(self, ranked: list[Box]) -> tuple[Box | None, list[Box]]:
        if not ranked or (ranked[0].score or 0) <= 0:
            return None, []
        top = self._content_over_chrome(ranked[0], ranked[1:5])
        common = self._common_ancestor(top, ranked[1:5])
        if common is None:
            common, same = self._repeated_parts(top, ranked[1:REPEAT_RANKS])
            if common is not None and common.tag in ("body", "html"):
                sections = self._loose_sections(common, [top, *same]) if self.strict else []
                common = None
                if sections:
                    return top, self._standfirst(sections)
        top = common or top
        larger = self._larger_ancestor(top, ranked[1:5])
        top = self._climb(top)
        parts = self._siblings(top)
        if larger is not None and sum(p.text for p in parts) < larger.text / 2:
            top = self._climb(larger)
            parts = self._siblings(top)
        return top, self._standfirst(parts)

    def _login_form(self, box: Box) -> bool:
        """Whether a candidate holds a password field and not most of the page: a sign-in or sign-up dialog
        (its form, help lines and rules for a password can outweigh a short story), never a story's text."""
        counts = box.counts
        return (
            counts is not None and counts[INPUTS] > 0
            and box.node.css_first('input[type="password" i]') is not None
            and not self.share.wraps_page(box.node)
        )

    def _content_over_chrome(self, top: Box, others: list[Box]) -> Box:
        """A winner whose class names chrome (a long comment thread, a related-stories box) gives way to
        a runner-up whose class names content (``article``, ``entry``), when that scores half as well."""
        if not self.strict or class_weight(top) > DROP_POINTS:
            return top
        floor = (top.score or 0.0) / 2
        for other in others:
            if (other.score or 0.0) >= floor and class_weight(other) > 0 and top not in _ancestors(other):
                return other
        return top

    def _common_ancestor(self, top: Box, others: list[Box]) -> Box | None:
        """Three or more near-equal candidates inside one ancestor: the ancestor is the article."""
        strong = [b for b in others if (b.score or 0) >= 0.75 * (top.score or 0)]
        if len(strong) < 3:
            return None
        chains = [set(map(id, _ancestors(b))) for b in strong]
        for ancestor in _ancestors(top):
            if ancestor.tag in ("body", "html"):
                break
            if sum(id(ancestor) in chain for chain in chains) >= 3:
                return ancestor
        return None

    def _larger_ancestor(self, top: Box, others: list[Box]) -> Box | None:
        """An ancestor scoring nearly as well as the winner while holding far more text: the winner is one
        rich section (a product box in a buying guide) and the ancestor the whole article, unless the
        winner's siblings join it to cover most of that text anyway (they are kept whole; the ancestor's
        parts would be checked one by one)."""
        floor = ANCESTOR_SHARE * (top.score or 0.0)
        for other in others:
            if (other.score or 0.0) >= floor and other.text >= 2 * top.text and other in _ancestors(top):
                return other
        return None

    def _repeated_parts(self, top: Box, others: list[Box]) -> tuple[Box | None, list[Box]]:
        """An article built of repeated components (a page builder's text blocks, one per section):
        when another of the winner's tag and class scores a fair share of it, their closest common
        ancestor holds the article. A numbered class may name the instance, not the component
        (``story-body story-body-1`` and ``story-body story-body-2``), or a grid width (``col-10``
        and ``col-12``): classes equal but for their numbers count when the other part holds a
        block of prose (``SMALL_BLOCK``), not a grid cell's caption. Returns (that ancestor, the other
        components); the ancestor is ``<body>`` itself where the page sets its sections straight into it."""
        top_class = top.attributes.get("class")
        if not top_class:
            return None, []
        component = _component_class(top_class)
        floor = REPEAT_SHARE * (top.score or 0.0)
        same = [
            b for b in others
            if (b.score or 0.0) >= floor and b.tag == top.tag and (
                b.attributes.get("class") == top_class
                or b.text >= SMALL_BLOCK and component and _component_class(b.attributes.get("class")) == component
            )
        ]
        if not same:
            return None, []
        chains = [set(map(id, _ancestors(b))) for b in same]
        for ancestor in _ancestors(top):
            if ancestor.tag in ("body", "html") or all(id(ancestor) in chain for chain in chains):
                return ancestor, same
        return None, []

    def _loose_sections(self, body: Box, components: list[Box]) -> list[Box]:
        """The article whose sections (``components``, the winner first) sit in ``<body>`` without a wrapper
        of their own (a React page's streamed segments, a page builder's rows): the body's children from the
        first holding one to the last, in page order, but for those whose class names chrome (a footer
        built of the same widgets). The tables and pictures set between its text blocks are the article's
        too; chrome inside any of them is left out as in any content. Only sections of prose count
        (``SMALL_BLOCK``: a footer's rows of the same grid class hold lines): with fewer than two of them
        apart, none (the winner stands alone). First try only: the relaxed one reads no class names, so
        it cannot tell the footer's sections from the story's."""
        holders = set()
        for box in components[:1] + [box for box in components[1:] if box.text >= SMALL_BLOCK]:
            while box.parent is not None and box.parent is not body:
                box = box.parent
            holders.add(id(box))
        if len(holders) < 2:
            return []
        children = [
            box for child in body.node.iter()
            if (box := self.boxes.get(child.mem_id)) is not None and class_weight(box) > DROP_POINTS
        ]
        marks = [i for i, box in enumerate(children) if id(box) in holders]
        return children[marks[0]:marks[-1] + 1] if len(marks) >= 2 else []

    def _climb(self, top: Box) -> Box:
        last = top.score or 0.0
        threshold = last / 3
        parent = top.parent
        while parent is not None and parent.tag not in ("body", "html"):
            if parent.score is None:
                parent = parent.parent
                continue
            if parent.score < threshold:
                break
            if parent.score > last:
                top = parent
                break
            last = parent.score
            parent = parent.parent
        while top.parent is not None and top.parent.tag not in ("body", "html") and self._only_child(top):
            top = top.parent
        return top

    def _only_child(self, box: Box) -> bool:
        """Whether ``box`` is the one element under its parent once noise is left out."""
        parent = box.parent
        if parent is None:
            return False
        count = 0
        for child in parent.node.iter():
            if child.mem_id in self.boxes:
                count += 1
                if count > 1:
                    return False
        return True

    def _siblings(self, top: Box) -> list[Box]:
        parent = top.parent
        if parent is None:
            return [top]
        threshold = max(10.0, (top.score or 0) * 0.2)
        top_class = top.attributes.get("class") or ""
        top_names = frozenset(top_class.split())
        chosen: list[Box] = []
        before: Box | None = None  # the nearest sibling with text before the winner
        past_top = False
        for child in parent.node.iter():
            box = self.boxes.get(child.mem_id)
            if box is None:
                continue
            if box is top:
                if before is not None and before not in chosen and self._lead(before):
                    chosen.append(before)
                chosen.append(box)
                past_top = True
                continue
            if box.text and not past_top:
                before = box
            box_class = box.attributes.get("class") or ""
            twin = bool(top_class) and box_class == top_class
            bonus = (top.score or 0) * 0.2 if twin else 0.0
            strong = box.score is not None and box.score + bonus >= threshold
            # A twin holding no paragraph (a step that is only a list) is still one of the parts.
            unscored_twin = twin and box.score is None and box.text >= MIN_UNIT and box.link_density() < 0.5
            if strong or unscored_twin or (box.tag == "p" and self._prose_sibling(box)) or self._part_of(box, box_class, top, top_names):
                chosen.append(box)
        return chosen

    def _part_of(self, box: Box, box_class: str, top: Box, top_names: frozenset[str]) -> bool:
        """A sibling of the winner's tag whose class names are some of the winner's, or the winner's and more
        (``sart-content`` beside ``paywall_handler sart-content``): the same component, the story split in two
        around an advert or a paywall's hook, when it holds paragraphs of prose."""
        if box.tag != top.tag or not top_names or not box_class:
            return False
        names = frozenset(box_class.split())
        if not (names < top_names or top_names < names):
            return False
        if round(CLASS_POINTS * vocabulary.weight(" ".join(sorted(names ^ top_names)))) <= DROP_POINTS:
            return False  # the names it adds or lacks would drop it inside the story: "story-text comments"
        paragraphs = box.counts[PARAGRAPHS] if box.counts else 0
        return paragraphs > 0 and box.text >= MIN_UNIT and box.link_density() < 0.5

    def _lead(self, box: Box) -> bool:
        """The block right before the winner is the article's lead when it is one linkless paragraph of
        sentences (a standfirst the template styles as a teaser)."""
        if not self.strict or box.links or box.text < LEAD_CHARS or box.has_noise:
            return False
        paragraphs, images, items, inputs, embeds, heading_chars = box.counts or _NO_COUNTS
        if items or inputs or embeds or heading_chars or paragraphs > 1:
            return False
        return bool(_SENTENCE_END.search(box.node.text() or ""))

    def _standfirst(self, parts: list[Box]) -> list[Box]:
        """The content with the lead paragraphs printed above it: the standfirst a template sets in the
        article's header, beside the headline and byline, rather than in the body's container.

        Searched in the blocks before the content, a few levels up while the ancestor holds little more
        than the content (the article, not the page); a lead is a linkless paragraph of sentences, printed
        once (a line printed twice is a template's: an offer box, a price table).
        """
        if not self.strict or not parts:
            return parts
        total = sum(p.text for p in parts)
        found: list[Box] = []
        box = parts[0]
        for _ in range(STANDFIRST_LEVELS):
            parent = box.parent
            if parent is None or parent.tag in ("body", "html") or parent.text > total + STANDFIRST_WINDOW:
                break
            leads: list[Box] = []
            headed = False  # past the headline: what follows it is a deck, full stop or not
            for child in parent.node.iter():
                if child.mem_id == box.node.mem_id:
                    break
                sub = self.boxes.get(child.mem_id)
                if sub is None:
                    continue
                if sub.tag == "h1":
                    headed = headed or self.is_title(child.text())
                elif LEAD_CHARS <= sub.text <= HEADER_CHARS:
                    more, headed = self.leads_in(sub, headed)
                    leads.extend(more)
            found = leads + found
            box = parent
        # A line printed twice above the story is a template's (an offer box, a price table), not its lead.
        texts = [lead.node.text() for lead in found]
        found = [lead for lead, text in zip(found, texts) if texts.count(text) == 1]
        self.standfirst = {lead.node.mem_id for lead in found}
        return found + parts if found else parts

    def leads_in(self, box: Box, headed: bool) -> tuple[list[Box], bool]:
        """Lead paragraphs in a block above the content, page order, and whether the headline has been
        passed (``headed``: before the block; returned: after it)."""
        # A section or a table cell holding blocks is scored as one unit, but is a container of paragraphs.
        if not box.has_block or box.is_unit and box.tag not in ("section", "td"):
            return ([box] if self._is_lead(box, headed) else []), headed
        if box.links >= box.text / 2:
            return [], headed
        out = []
        for node in box.node.traverse():
            sub = self.boxes.get(node.mem_id)
            if sub is None or sub is box:
                continue
            if sub.tag == "h1" and not headed:
                headed = self.is_title(node.text())
            elif (sub.is_unit or sub.tag in HEADINGS) and self._is_lead(sub, headed):
                ups = list(_up_to(sub, box))
                if not any(self._names_author(up) or up.tag in ("figure", "figcaption") for up in ups):
                    item = next((up for up in ups if up.tag == "li"), None)
                    out.extend(self._list_leads(item, sub) if item is not None else [sub])  # not an author box or a caption
        return list(dict.fromkeys(out)), headed  # each once (boxes hash by identity), page order

    def _list_leads(self, item: Box, lead: Box) -> list[Box]:
        """A lead found in a list item, with the other items' lines: a list of key points under the headline
        is read whole, though its other points are shorter than a lead ("Key Points": three sentences)."""
        parent = item.parent
        if parent is None or parent.tag not in ("ul", "ol") or sum(1 for n in parent.node.iter() if n.tag == "li") > KEY_POINTS:
            return [lead]
        out = []
        for node in parent.node.traverse():
            sub = self.boxes.get(node.mem_id)
            if sub is None or not sub.is_unit or sub.tag in HEADINGS or sub.links or sub.has_noise or sub.text < MIN_UNIT:
                continue
            if sub is lead or _SENTENCE_END.search(sub.node.text() or ""):
                out.append(sub)
        return out if lead in out else [lead]

    @staticmethod
    def _names_author(box: Box) -> bool:
        """An author box ("Moritz G. heads the politics desk..."): its paragraphs are no lead."""
        attrs_ = box.attributes
        return bool(attrs_) and vocabulary.names_byline(attrs_.get("class"), attrs_.get("id"))

    def _is_lead(self, box: Box, headed: bool = False) -> bool:
        if self._names_author(box) or box.links or box.text < STANDFIRST_CHARS or box.has_noise or box.tag in ("h1", "td", "section"):
            return False
        if class_weight(box) <= DROP_POINTS or _inside(box, "figure") or box.tag == "figcaption":
            return False
        text = box.node.text()
        if (text or "").rstrip().endswith(("...", "…")):
            return False  # cut short: a teaser of another story
        # A heading this long is a deck, which need not end its sentence, and so is what follows the headline.
        return (headed or box.tag in HEADINGS or bool(_SENTENCE_END.search(text or ""))) and not self.is_title(text)

    @staticmethod
    def _prose_sibling(box: Box) -> bool:
        """A paragraph next to the winner: long with few links, or a short link-free sentence."""
        density = box.link_density()
        if box.text > 80:
            return density < 0.25
        return 0 < box.text and density == 0 and bool(_SENTENCE_END.search(box.node.text() or ""))

    # -- 4. emit ---------------------------------------------------------------------------

    def emit(self, parts: Iterable[Box]) -> tuple[list[Block], list[Image]]:
        parts = list(parts)
        emitter = _Emitter(self, parts)
        for box in parts:
            emitter.element(box.node, box.tag, 0, top=True)
        emitter.flush()
        self.link_lines = emitter.link_lines
        self.copied = emitter.copied
        return emitter.blocks, emitter.images

    def keep(self, box: Box) -> bool:
        """Whether a nested container inside the chosen content is prose worth keeping."""
        if not self.strict:
            return True
        if box.tag == "table" and _is_data_table(box.node):
            return True
        weight = class_weight(box)
        if weight <= DROP_POINTS:
            return False
        if box.text <= AUTHOR_BOX_CHARS and _is_author_box(box):
            return False  # "About the author": a bio and links to the author's profiles, not the story
        if box.commas >= 10:
            return True
        paragraphs, images, items, inputs, embeds, heading_chars = box.counts or _NO_COUNTS
        is_list = box.tag in ("ul", "ol", "dl")
        text = box.text
        density = box.link_density()
        in_figure = _inside(box, "figure")
        # More pictures than paragraphs is a gallery, unless a screen of prose stands beside them.
        if images > 1 and paragraphs / images < 0.5 and not in_figure and (text < SMALL_BLOCK or density > 0.2):
            return False
        if not is_list and items - 100 > paragraphs:
            return False
        if inputs > paragraphs // 3 and inputs > items // 3:  # a form, not a list with a servings box
            return False
        if not is_list and not in_figure and self.captioned_picture(box):
            return False
        if not is_list and text < MIN_UNIT and (images == 0 or images > 2) and not in_figure:
            heading_density = heading_chars / text if text else 0.0
            if (heading_density < 0.9 or box.has_noise and self._holds_chrome(box) or _labels_a_slot(box.node)) and not (text and self._story_component(box)):
                return False
        # A fifth of a short block in links marks a link box; a screen of sentences may cite more,
        # but not a run of headed teasers ("Recent posts" with their first lines).
        prose = text >= SMALL_BLOCK and not heading_chars
        # A box holding only a list (an ingredient group) is judged as the list, which may link some
        # of its words, unless it is mostly links (a list of other stories).
        list_like = items >= 3 and not paragraphs and text >= 100 and density <= PROSE_LINK_SHARE
        if not is_list and not list_like and weight < 25 and density > (PROSE_LINK_SHARE if prose else 0.2):
            return self._prose_beside_contents(box)
        if weight >= 25 and density > 0.5:
            return False
        return not (embeds == 1 and text < 75 or embeds > 1)  # a video player with a caption

    def _prose_beside_contents(self, box: Box) -> bool:
        """Whether a box holds a screen of prose once the table of contents inside it is set aside: a box of
        links to the page's own parts ("In this article: <a href='#symptoms'>..."), which goes while the
        paragraphs around it stay. (Links to other pages weigh as they do: a box of teasers is no story.)"""
        if not box.has_block or box.text < SMALL_BLOCK:
            return False
        text, links = box.text, box.links
        for child in box.node.iter():
            sub = self.boxes.get(child.mem_id)
            if sub is None or not sub.links or sub.tag not in CONDITIONAL_TAGS or self.keep(sub):
                continue
            anchors = sum(len((a.text() or "").strip()) for a in child.css('a[href^="#"]'))
            if anchors * 2 >= sub.links:
                text -= sub.text
                links -= sub.links
        return text >= SMALL_BLOCK and links <= PROSE_LINK_SHARE / 4 * text

    def _story_component(self, box: Box) -> bool:
        """Whether a short block is one of the story's own blocks: its siblings of its tag and class (three or
        more, a template's ``<div class="paragraph">``) hold a screen of prose between them, so this one is a
        line of the story (a subheading set in bold), not a label or an empty slot."""
        class_ = box.attributes.get("class")
        parent = box.parent
        if not class_ or parent is None:
            return False
        twins = text = 0
        for child in parent.node.iter():
            sub = self.boxes.get(child.mem_id)
            if sub is not None and sub is not box and sub.tag == box.tag and sub.attributes.get("class") == class_:
                twins += 1
                text += sub.text - sub.links
        return twins >= 3 and text >= SMALL_BLOCK

    def _holds_chrome(self, box: Box) -> bool:
        """Whether an element left out for its class, id, role or hiding lies below ``box`` (not merely a
        script or a form control): a heading standing alone over one heads that chrome ("Share this")."""
        noise, skip = self.noise, self.skip
        return any(node.mem_id in noise and node.tag not in skip for node in box.node.traverse())

    def captioned_picture(self, box: Box) -> bool:
        """A box of one picture and a line or two of text, no paragraph or heading: the picture's caption
        and credit in a template's own markup rather than a ``<figure>``, or a teaser of another story."""
        paragraphs, images, _, _, _, heading_chars = box.counts or _NO_COUNTS
        return images == 1 and not paragraphs and not heading_chars and MIN_UNIT <= box.text <= CAPTION_CHARS

    def is_byline(self, box: Box) -> bool:
        if not self.strict:
            return False
        if box.text >= 100:
            return False
        attrs_ = box.attributes
        if not attrs_:
            return False
        if attrs_.get("rel") == "author" or "author" in (attrs_.get("itemprop") or ""):
            return True
        return vocabulary.names_byline(attrs_.get("class"), attrs_.get("id"))

    def is_title(self, text: str | None) -> bool:
        return bool(self.title_key and text) and _similar(_fold(text or ""), self.title_key or "")


class _Emitter:
    """Walks chosen elements in page order into blocks and images."""

    def __init__(self, finder: ContentFinder, parts: list[Box]) -> None:
        self.finder = finder
        self.parts = parts
        self.styles: dict[str, int] | None = None  # characters of the content's paragraphs, by class
        self.base = finder.base
        self.blocks: list[Block] = []
        self.images: list[Image] = []
        self.inline: list[str] = []
        self.inline_links = 0  # characters of the current inline run inside links
        self.link_lines: set[int] = set()  # indexes of blocks that are a link and nothing else
        self.seen_title = False
        self.copies: dict[tuple[int, ...], list[LexborNode]] = {}  # containers emitted, by their measurements
        self.copied = 0  # characters of text left out as copies

    def element(self, node: LexborNode, tag: str, depth: int, *, top: bool = False) -> None:
        finder = self.finder
        box = finder.boxes.get(node.mem_id)
        if box is None:
            return
        if not top and tag in CONDITIONAL_TAGS and not finder.keep(box):
            if finder.strict and tag not in ("ul", "ol", "dl") and finder.captioned_picture(box):
                self.flush()
                self._images_in(node)  # the picture is the story's; its caption goes with it, not the text
            elif finder.strict and not self.seen_title and box.has_block and self._labels_only():
                self._header_leads(box)
            return
        if box.has_block and box.text >= COPY_CHARS:
            key = (box.text, box.links, box.commas, *(box.counts or _NO_COUNTS))
            if self._is_copy(key, box.node):
                self.copied += box.text
                return
            self._element(node, tag, box, depth, top)
            self.copies.setdefault(key, []).append(node)  # once done, so it is no copy of its own wrapper
            return
        self._element(node, tag, box, depth, top)

    def _element(self, node: LexborNode, tag: str, box: Box, depth: int, top: bool) -> None:
        finder = self.finder
        if not box.has_block and tag in ("p", "div", "span", "section", "header", "address") and finder.is_byline(box):
            return
        if tag == "p":
            self.flush()
            # The walk counted the images below unless it skipped noise there or stopped at MAX_DEPTH.
            if box.has_noise or finder.flattened or (box.counts is not None and box.counts[IMAGES]):
                self._images_in(node)
            if not self._labelled_link(box) and not self._noted(box, top):
                self.add("paragraph", box)
        elif tag in HEADINGS:
            self.flush()
            text = self.raw_text(box)
            # The headline repeated above the body is not content; a heading inside it is.
            if not self.seen_title and self._labels_only() and finder.is_title(text):
                self.seen_title = True
                self.blocks.clear()  # what stood above the headline was site and section labels
                self.link_lines.clear()
                return
            if tag not in ("h1", "h2") or not finder.strict or class_weight(box) > DROP_POINTS:
                self.block("heading", text)
        elif tag == "blockquote":
            self.flush()
            if is_embed(node):
                self.embed(node)
            else:
                self.add("quote", box)
        elif tag in ("ul", "ol"):
            self.flush()
            self.list(box)
        elif tag == "dl":
            self.flush()
            self.terms(node)
        elif tag == "table":
            self.flush()
            if _is_data_table(node):
                self.table(node)
            else:
                self.children(box, depth)
        elif tag == "pre":
            self.flush()
            self.add("code", box)
        elif tag in ("figure", "picture", "img"):
            self.flush()
            if first_tagged(node, _EMBED_TAGS, "iframe, blockquote") is not None and is_embed_container(node):
                self.embed(node)
            else:
                self.image(node)
                if tag == "figure":
                    self._figure_text(box, depth)
        elif tag in ("iframe", "video"):
            self.flush()
            self.embed(node)
        elif tag in ("figcaption", "hr"):
            self.flush()
        elif tag == "br":
            self.inline.append("\n")
        elif not box.has_block and not top and tag not in LOOSE_TEXT_TAGS and tag not in ("li", "dd", "dt"):
            text = self.raw_text(box)
            self.inline.append(text)  # inline element: its text joins the current paragraph
            if box.links and box.links >= box.text:
                self.inline_links += len(text.strip())
        else:
            if is_embed(node):
                self.flush()
                self.embed(node)
                return
            self.flush()
            self.children(box, depth)
            self.flush()

    def _is_copy(self, key: tuple[int, ...], node: LexborNode) -> bool:
        """Whether a container repeats one already emitted word for word (a page's desktop and mobile
        copies of one section, of which CSS shows one): the second copy adds nothing.

        ``key`` holds its measurements, so text is compared only when those already agree.
        """
        earlier = self.copies.get(key)
        if not earlier:
            return False
        text = node.text(deep=True)
        return any(other.text(deep=True) == text for other in earlier)

    def _labelled_link(self, box: Box) -> bool:
        """Whether a paragraph is a short label and a link ("Read also: <a>Other story</a>", "À lire aussi » <a>...</a>"):
        a pointer to another page set inside the story, not a sentence of it."""
        if not self.finder.strict or not box.links or box.links < LINK_SHARE * box.text or box.text - box.links > LABEL_MAX + 5:
            return False
        link = first_tagged(box.node, _LINK_TAG, "a")
        if link is None:
            return False
        text, linked = self.raw_text(box), link.text(deep=True).strip()
        at = text.find(linked) if linked else -1
        if at <= 0:
            return False
        label = text[:at].strip()
        if not (0 < len(label) <= LABEL_MAX and label.endswith(_LABEL_ENDS) and len(text[at + len(linked):].strip()) <= 5):
            return False
        # A headline, not a printed address or a price ("Amazon UK £20.99: https://..." is the text's own).
        words = [word for word in label.split() if any(c.isalpha() for c in word)]
        if any(c.isdigit() for c in label) or len(words) > 3 or len(linked) < MIN_UNIT or "://" in linked:
            return False
        self.copied += box.text  # found, only left out
        return True

    def _noted(self, box: Box, top: bool) -> bool:
        """Whether a short paragraph inside the content is a caption, credit or note by its class
        (``caption``, ``disclaimer``, ``newsletter-promo``): the paragraph tag is never dropped for its
        class while measuring, so as not to lose a story whose paragraphs all carry an unlucky one."""
        if not self.finder.strict or top or box.text > NOTE_CHARS:
            return False
        class_ = box.attributes.get("class")
        if round(CLASS_POINTS * vocabulary.weight(class_)) > DROP_POINTS:
            return False
        # A class carried by a fair share of the content's paragraphs is the story's own style ("odd").
        if self.styles is None:
            self.styles = {}
            for part in self.parts:
                for node in part.node.css("p"):
                    sub = self.finder.boxes.get(node.mem_id)
                    if sub is not None:
                        key = sub.attributes.get("class") or ""
                        self.styles[key] = self.styles.get(key, 0) + sub.text
        return self.styles.get(class_ or "", 0) < STYLE_SHARE * sum(self.styles.values())

    def _header_leads(self, box: Box) -> None:
        """The standfirst in the article's header that the content holds but leaves out for its class
        ("<div id='articleHead'><h1>..</h1><p>lead</p><span class='byline'>.."): the lead paragraphs after
        the headline, read as the standfirst above the content is (:meth:`ContentFinder._standfirst`)."""
        leads, headed = self.finder.leads_in(box, False)
        if not headed:
            return  # no headline in it: not the article's header
        for lead in leads:
            self.add("paragraph", lead)
            self.finder.header_leads += lead.text

    def _labels_only(self) -> bool:
        """Whether the blocks so far are a few short lines (labels, kickers, tool bars, a list of section
        labels), not prose."""
        return len(self.blocks) <= MAX_LABELS and all(
            b.type in ("paragraph", "heading", "list_item") and len(b.text or "") < LABEL_CHARS for b in self.blocks
        )

    def children(self, box: Box, depth: int) -> None:
        if depth >= MAX_DEPTH:
            self.add("paragraph", box)
            return
        for child in box.node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                text = child.text_content
                if text:
                    self.inline.append(text)
            elif tag and tag != "-comment":
                self.element(child, tag, depth + 1)

    def _figure_text(self, box: Box, depth: int) -> None:
        """Prose inside a figure that is not its caption (some sites wrap paragraphs in figures)."""
        for child in box.node.iter():
            if child.tag in ("p", "blockquote", "ul", "ol", "table", "pre", "dl") and first_tagged(child, _IMG_TAG, "img") is None:
                self.element(child, child.tag, depth + 1)

    def _images_in(self, node: LexborNode) -> None:
        for img in node.css("img"):
            self.image(img)

    def raw_text(self, box: Box) -> str:
        """Text of an element with noise below it left out."""
        if not box.has_noise:
            return box.node.text(deep=True)
        parts: list[str] = []
        self._collect(box.node, parts, 0)
        return "".join(parts)

    def _collect(self, node: LexborNode, parts: list[str], depth: int) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content or "")
            elif tag and tag != "-comment" and child.mem_id not in self.finder.noise:
                if depth < MAX_DEPTH:
                    self._collect(child, parts, depth + 1)
                else:
                    parts.append(child.text(deep=True))

    def block(self, kind: str, raw: str, *, link: bool = False) -> None:
        """Append a block of raw text; the Block converter cleans it, empty text adds nothing.

        ``link``: the block is one link and nothing else (remembered for :func:`trim_chrome`).
        """
        raw = raw[:MAX_BLOCK_CHARS]
        if raw and not raw.isspace():
            block = Block(type=kind, text=raw.replace(BREAK, "\n") if kind == "code" else laid_out(raw))
            if block.text:
                if link:
                    self.link_lines.add(len(self.blocks))
                self.blocks.append(block)

    def add(self, kind: str, box: Box) -> None:
        self.block(kind, self.raw_text(box), link=bool(box.text) and box.links >= box.text)

    def flush(self) -> None:
        if self.inline:
            raw = "".join(self.inline)
            self.inline.clear()
            link = self.inline_links >= len(raw.strip()) > 0
            self.inline_links = 0
            self.block("paragraph", raw, link=link)

    def image(self, node: LexborNode) -> None:
        image = figure_image(node, self.base)
        if image is not None and all(image.url != seen.url for seen in self.images):
            self.images.append(image)

    def embed(self, node: LexborNode) -> None:
        block = embed_block(node, self.base)
        if block is not None:
            self.blocks.append(block)

    def list(self, box: Box) -> None:
        finder = self.finder
        for item in box.node.iter():
            if item.tag in ("ul", "ol"):
                # A sub-list written straight into the list, not into an item ("<ul><li>Examples:</li><ul><li>..."):
                # invalid HTML that rich-text editors write and parsers keep as it stands.
                inner = finder.boxes.get(item.mem_id)
                if inner is not None and finder.keep(inner):
                    self.list(inner)
                continue
            if item.tag != "li":
                continue
            sub = finder.boxes.get(item.mem_id)
            if sub is None:
                continue
            if not sub.has_block:
                self.add("list_item", sub)
                continue
            parts: list[str] = []
            nested: list[Box] = []
            for child in item.iter(include_text=True):
                tag = child.tag
                if tag == "-text":
                    parts.append(child.text_content or "")
                elif tag in ("ul", "ol"):
                    inner = finder.boxes.get(child.mem_id)
                    if inner is not None:
                        nested.append(inner)
                elif tag and tag != "-comment":
                    inner = finder.boxes.get(child.mem_id)
                    if inner is not None and (tag not in CONDITIONAL_TAGS or finder.keep(inner)):
                        parts.append(self.raw_text(inner) + (BREAK if tag in BLOCK_TAGS else ""))
            self.block("list_item", "".join(parts))
            for inner in nested:
                if finder.keep(inner):
                    self.list(inner)

    def terms(self, node: LexborNode) -> None:
        """A description list's terms and descriptions, each a paragraph; HTML lets a ``<div>`` hold a
        term with its descriptions (``<dl><div><dt>..</dt><dd>..</dd></div></dl>``)."""
        finder = self.finder
        for child in node.iter():
            sub = finder.boxes.get(child.mem_id)
            if sub is None:
                continue
            if child.tag in ("dt", "dd"):
                self.add("paragraph", sub)
            elif child.tag == "div" and finder.keep(sub):
                self.terms(child)

    def table(self, node: LexborNode) -> None:
        block = table_block(node)
        if block is not None:
            self.blocks.append(block)


def find_content(root: LexborNode, base: str, *, title: str | None = None, share: PageShare | None = None) -> Content:
    """The article body under ``root`` (usually ``<body>``): blocks and images, with scores.

    ``share``: a PageShare of ``root`` other readers of the page use too (its text is measured once).

    The garbage collector is paused meanwhile (:func:`scraper.extract.base.collector_paused`): the
    walk makes a box and a node object per element, freed together when it ends.
    """
    with collector_paused():
        return _find_content(root, base, title, share if share is not None else PageShare(root))


def _find_content(root: LexborNode, base: str, title: str | None, share: PageShare) -> Content:
    best: Content | None = None
    found = 0  # prose the best try found, copies included: a page that printed its prose twice had it found
    for strict in (True, False):
        finder = ContentFinder(root, base, title=title, strict=strict, share=share)
        top_box = finder.measure()
        candidates = finder.score()
        top, parts = finder.choose(candidates)
        if top is None:
            parts = [top_box]
        blocks, images = finder.emit(parts)
        blocks = trim_chrome(blocks, finder.link_lines)
        length = sum(len(b.text or "") for b in blocks if b.type != "embed")
        content = Content(
            blocks=tuple(blocks),
            images=tuple(images),
            text_length=length,
            link_density=top.link_density() if top is not None else top_box.link_density(),
            score=(top.score or 0.0) if top is not None else 0.0,
            containers=tuple(box.node for box in parts if box.node.mem_id not in finder.standfirst),
        )
        if best is None:
            # A standfirst found beside a tiny body (or in the header inside it) does not make it a story:
            # the second try still runs.
            leads = finder.header_leads + sum(p.text for p in parts if p.node.mem_id in finder.standfirst)
            best, found = content, length + finder.copied - leads
        elif content.text_length > max(2 * found, MIN_UNIT):
            best = content  # the class/id rules threw away most of the prose: they were wrong here
        if found >= RETRY_BELOW:
            break
    assert best is not None
    return best


def trim_chrome(blocks: list[Block], link_lines: set[int] = frozenset()) -> list[Block]:  # type: ignore[assignment]
    """Drop page chrome the container carried along, by position and repetition, and a few notes by wording.

    * A short paragraph that is a lone link (``link_lines``: indexes into ``blocks``) printed twice
      or more in one body is the page's furniture ("skip to the story", "back to top", "read our
      review"), not a line the author wrote twice. (Repeated plain lines stay: "Pros", "Cons".)
    * A picture's credit or caption set as a paragraph of its own ("(Credit: Jane Roe / Agency)", "The pier at
      dawn. © AFP / Jane Roe") goes wherever it stands: the picture's, not the story's; so does an advertising label
      alone on its line ("Advertisement", "Story continues below advertisement"), a call to sign up for the site's
      newsletter ("Want more? Sign up for our newsletter", with its pitch under it when set as a heading), a pager's
      "Page 1 of 8", a table of contents' label ("Table of Contents", "On this page"), a picture's "Click to
      enlarge" and a server script's error message printed as text (see
      ``_is_stray_chrome``), a button's lone link ("Book a demo", ``_is_call_to_action``) and a share bar with its
      label (``_share_bars``).
    * A short first or last paragraph that is a lone link ("back to the list", "Next part", a section's
      name) is navigation, unless it prints an address.
    * A short first or last paragraph that is all dates ("22 Dec, 2016 22 Dec, 2016", "Updated
      3 May 2023", or a few more words after a label of publication or update, dates.py's words: "Erschienen am
      26. Jan 2022 im Format Aktuelles", "Last edited by jane (2024-08-08 07:50)") is a dateline; the date fields carry it; so is one under the standfirst that is labelled or gives
      a time of day ("19.10.2019, 05:00 Uhr"), and so is the post's meta line set as a list opening the body
      (a date, and a byline, a comment count or its categories: "January 28, 2018 · Cake Recipes · 80 Comments"),
      and a short line opening the body that names the feed the story came from ("Quelle: dpa-AFX"). One that only says how long the story takes
      to read ("6 min read", "Lesezeit: 2 Minuten") is the page's note, not the author's; so is a
      script's placeholder ("Loading...", "Gefällt mir Wird geladen …"), and a picture's credit or a
      copyright line ("Image credit: Agency", "(Foto: Jane Roe)", "© 2019 Harbor Times"), a bare counter ("0")
      and a blog engine's footer line ("The post ... appeared first on ...", "Comments are closed.",
      "(Visited 215 times, 55 visits today)", "This entry was posted on ... and is filed under ..."), a line of menu
      links ("About | Mission | Write for us"), a widget asking to rate or share the page ("Was this article
      helpful?", "(95 Stimmen: 4,73 von 5)", "(No Ratings Yet)"), the page's tools ("Print this page", "Permalink
      https://...", "Sharing is caring!", a comment form's "Leave a comment"), a line of its legal pages ("Impressum |
      Datenschutz"), a label of other stories with none under it ("Diese Artikel könnten dich auch interessieren:")
      and a note that the site is part of a network ("*fr.de ist Teil des ... Redaktionsnetzwerks").
    * A short last paragraph that is a label of one or two words and a name, not a sentence
      ("Titelbild: Agentur/Fotograf", "Source: Harbour Authority"), is a credit line, and a label
      with nothing after it ("More topics:") introduces what the page left out.
    * A heading that ends the body introduces nothing of it ("Share this article", "Comments"), nor
      does one followed only by lone links (a list of other stories under "More from us"), nor a
      short paragraph asking or announcing ("...?", "...:", ``PROMPT_CHARS`` at most) followed only
      by lone links ("Read these next:"): all go, while what they take is less than half the body.
      Links that print their address ("https://...") are a list of sources and stay.
    * The closing steps repeat while one bares another's line, credit lines in the first round only; a site's note
      (below) closing the body goes in them too, so that a heading it leaves at the end follows, and so does a
      closing heading and paragraph that read as one together ("Our newsletters" over "Subscribe to..."), and a
      closing label of the story's tags over their list ("Tags", ``_TAG_LABELS``).
    * An affiliate disclosure among the first or last two blocks ("We may earn a commission when you buy
      through our links") is the site's note, and so are an advertising label or note ("Anzeige", "This post
      contains affiliate links"), a reading-time note, a call to follow it on social networks ("Follow
      us on Facebook, X and Instagram"), a row of share buttons' names, a call to join its channel, app or
      newsletter ("Sign up for our newsletter"), an appeal for support or letters ("Would you consider supporting
      our work?"), a rights notice ("Copyright 2026 Harbor TV. All rights reserved."), a paywall's note to
      subscribers ("...already a subscriber, you can log in"), its cookie notice ("We use cookies... By
      continuing to browse the site you agree") or a share button's prompt to pass data on, its notice about the reader's browser ("Please enable JavaScript"),
      about its app or the reader's bookmarks ("If you're on the Harbor TV app, click here to watch live"), or a short
      line closing on a call to sign up ("Do you want to be informed? Sign up here") or an offer of its paid tier.
    * A comment form's note after the first block ("Your email address will not be published", "You must be logged in
      to post a comment") starts the form:
      it, the comments after it and a heading right above it go (``_is_comment_form_note``), before the closing steps.
    * The page's list of other stories after the story, under its label ("Related articles", "Weitere Artikel",
      "Lee también"), goes from the label on when what follows reads as teasers and is less than half the body
      (``_more_stories``).
    * A paywall's cut among the last ``PAYWALL_BLOCKS`` blocks ("Subscribe now for the full story") goes with
      all after it: the offer's pitch, however long (see ``_is_paywall_cut``).
    """
    counts: dict[str, int] = {}
    for index in link_lines:
        text = blocks[index].text or ""
        if len(text) <= REPEAT_CHARS:
            counts[text] = counts.get(text, 0) + 1
    stray = {i for i, b in enumerate(blocks) if _is_stray_chrome(b) or i in link_lines and _is_call_to_action(b)}
    stray |= _newsletter_pitches(blocks, stray, link_lines) | _share_bars(blocks, link_lines)
    kept = [(b, i in link_lines) for i, b in enumerate(blocks)
            if (i not in link_lines or counts.get(b.text or "", 0) < 2) and i not in stray]
    while kept and (_is_note(kept[0][0]) or _lone_link(kept[0], opening=True) or _is_page_widget(kept[0][0]) or _is_source_line(kept[0][0])):
        kept.pop(0)
    del kept[:_post_meta_list(kept)]
    if len(kept) > 2 and (_is_dateline(kept[1][0], labelled=True) or _is_dateline(kept[1][0]) and _CLOCK.search(kept[1][0].text or "")):
        del kept[1]  # under the standfirst: "Veröffentlicht am 26. Oktober 2023", "19.10.2019, 05:00 Uhr"
    form = next((i for i, (b, _) in enumerate(kept) if i and _is_comment_form_note(b)), None)
    if form is not None:  # the comment form, and the comments under it: none of it is the story
        del kept[form - 1 if kept[form - 1][0].type == "heading" and form > 1 else form :]
    more = _more_stories(kept)
    if more is not None:
        del kept[more:]  # the page's list of other stories under its label, and all after it
    total = sum(len(b.text or "") for b, _ in kept)
    end, first = -1, True
    while len(kept) != end:  # each step may bare another's line ("Loading..." above a trailing "Related" heading)
        end = len(kept)
        while kept and (_is_note(kept[-1][0]) or first and _is_credit(kept[-1][0]) or _is_site_note(kept[-1][0])):
            kept.pop()  # (credit lines in the first round only: "Label: value" lines may be a story's own list)
        if len(kept) > 2 and (_headed_site_note(kept[-2][0], kept[-1][0]) or _headed_tags(kept[-2][0], kept[-1][0])):
            del kept[-2:]
        first = False
        while kept:
            heading = next((i for i in range(len(kept) - 1, -1, -1) if _is_prompt(kept[i][0], i < len(kept) - 1)), None)
            if heading is None or not all(link and not _prints_address(b) for b, link in kept[heading + 1 :]):
                break  # (a list of printed addresses is the story's sources, not links to other stories)
            if 2 * sum(len(b.text or "") for b, _ in kept[heading:]) >= total:
                break
            del kept[heading:]
        while kept and (_lone_link(kept[-1]) or _is_page_widget(kept[-1][0])):
            kept.pop()  # (as lone links go: after the credit lines' round, which they must not bare)
    cut = next((i for i in range(len(kept) - 1, max(-1, len(kept) - PAYWALL_BLOCKS - 1), -1) if _is_paywall_cut(kept[i][0])), None)
    if cut:  # (not the first block: a body that is all paywall is a page's own business, left as it is)
        del kept[cut:]  # the paywall's cut and its sales pitch after it
    edge = len(kept) - DISCLOSURE_BLOCKS
    return [b for i, (b, _) in enumerate(kept) if not ((i < DISCLOSURE_BLOCKS or i >= edge) and _is_site_note(b))]


# The label a page prints over its list of other stories after the story: "Related articles", "More from The
# Gazette", "You might also like", "Weitere Artikel", "Das könnte Sie auch interessieren", "Lee también", "Zobacz
# również". Not "Read more" (a teaser's own button), nor "See also" and "Further reading" (an author's own list).
_MORE_LABEL = re.compile(
    r"related(?:\s+(?:articles|posts|stories|content|news))?|more\s+(?:from|on)\s+[\w .'’&-]{1,30}|"
    r"more\s+(?:stories|news|articles|posts)|read\s+(?:next|also)|also\s+read|you\s+(?:may|might)\s+also\s+(?:like|enjoy)|"
    r"recommended(?:\s+for\s+you|\s+articles|\s+stories|\s+reading)?|most\s+(?:read|popular)|latest\s+(?:news|articles|stories|posts)|"
    r"weitere\s+(?:artikel|beiträge|nachrichten|meldungen)|ähnliche\s+(?:beiträge|artikel)|verwandte\s+artikel|"
    r"das\s+könnte\s+(?:sie|dich)\s+auch\s+interessieren|diese\s+artikel\s+könnten\s+(?:sie|dich)\s+(?:auch|ebenfalls)\s+interessieren|auch\s+interessant|mehr\s+zum\s+thema(?:\s+[\w -]{1,30})?|"
    r"lesen\s+sie\s+auch|lies\s+auch|neueste\s+(?:artikel|beiträge)|meistgelesen\w*|passend\s+(?:dazu|zum\s+thema)|"
    r"(?:también\s+)?te\s+(?:puede|podría)\s+interesar|le[ae]\s+también|(?:noticias|artículos)\s+relacionad[oa]s|más\s+noticias|"
    r"lo\s+más\s+leído|(?:à\s+)?lire\s+aussi|sur\s+le\s+même\s+sujet|articles\s+(?:similaires|liés)|les\s+plus\s+lus|leggi\s+anche|"
    r"articoli\s+correlati|potrebbe\s+interessarti|zobacz\s+(?:również|też)|czytaj\s+(?:także|też)|lees\s+ook|"
    r"gerelateerde\s+artikelen|meer\s+nieuws",
    re.I,
)
MORE_LABEL_CHARS = 60  # the longest such label ("More from The Harbour Times")
TEASER_CHARS = 400  # the longest paragraph of a list of other stories (a teaser's summary)
PROSE_LINE_CHARS = 80  # a paragraph this long, not a link, is a line of prose (a teaser's summary, or the story's)


def _more_stories(kept: list[tuple[Block, bool]]) -> int | None:
    """Where the page's list of other stories starts after the story: at its label (``_MORE_LABEL``), when what
    follows reads as teasers and is less than half the body. Teasers are headlines, a date, a line of summary
    each: no paragraph over ``TEASER_CHARS`` and no two paragraphs of prose in a row. Under such a label the
    story's own section goes on in prose ("Auch interessant" over a fair's further attractions), and so does the
    rest of a story after an inline box of links ("Lee también" over one headline). The earliest such label counts."""
    total = sum(len(b.text or "") for b, _ in kept)
    tail = 0
    teasers = True  # what follows the index reads as teasers
    start = None
    for index in range(len(kept) - 1, 0, -1):  # never the first block
        block, link = kept[index]
        text = block.text or ""
        if 2 * (tail + len(text)) >= total:
            break
        label = text.strip().rstrip(":!.…").strip()
        if tail and teasers and block.type in ("heading", "paragraph") and len(label) <= MORE_LABEL_CHARS and _MORE_LABEL.fullmatch(label):
            start = index
        if _is_prose_line(block, link) and (len(text) > TEASER_CHARS or index + 1 < len(kept) and _is_prose_line(*kept[index + 1])):
            teasers = False  # a long paragraph, or two paragraphs of prose in a row
        tail += len(text)
    return start


def _is_prose_line(block: Block, link: bool) -> bool:
    """A paragraph of ``PROSE_LINE_CHARS`` or more that is not a link."""
    return block.type == "paragraph" and not link and len(block.text or "") > PROSE_LINE_CHARS


# A button's words: an imperative of buying, booking, signing up or looking further, and a few words after it ("Book a
# demo", "Try Armoire", "Get FREE demo", "Learn More", "See List", "Click here", "Watch now", "Jetzt kaufen", "Mehr
# erfahren", "En savoir plus").
_CALL_TO_ACTION = re.compile(
    r"(?:try|book|get|buy|shop|order|register|subscribe|sign\s+up|join|learn|find\s+out|see|view|calculate|request|download|"
    r"create|start|claim|apply|explore|discover|contact|sponsor|read\s+more|click|tap|watch|listen|"
    r"jetzt|mehr\s+erfahren|hier\s+klicken|kaufen|bestellen|m[áa]s\s+informaci[óo]n|comprar|reserv\w+|en\s+savoir\s+plus|"
    r"acheter|scopri)(?:\s.*)?",
    re.I,
)
ACTION_WORDS = 4  # the most words of a button


def _is_call_to_action(block: Block) -> bool:
    """A paragraph that is one link (the caller knows), a button's few words opening with its verb (``_CALL_TO_ACTION``):
    anywhere in the body it is the page's. A link naming a thing ("Khan Academy", "Hertz") is the story's list."""
    text = (block.text or "").strip()
    return (block.type == "paragraph" and len(text.split()) <= ACTION_WORDS and not text.endswith((".", "?", ":"))
            and _CALL_TO_ACTION.fullmatch(text) is not None)


# A pager's line: "Page 1 of 8", "Seite 2 von 3", "Página 1 de 4".
_PAGER = re.compile(r"\W*(?:page|seite|p[áa]gina|strona)\s+\d{1,3}\s*(?:of|von|de|sur|di|z|/)\s*\d{1,3}\W*", re.I)


def _is_stray_chrome(block: Block) -> bool:
    """A line that is no part of the story wherever it stands: a picture's caption or credit, an ad slot's label, a
    call to sign up for the newsletter, a pager's "Page 1 of 8", a picture's "Click to enlarge", a server's error
    message."""
    return (_is_caption_line(block) or _is_ad_label(block) or _is_newsletter_call(block) or _is_contents_label(block)
            or block.type == "paragraph" and (_PAGER.fullmatch(block.text or "") is not None or _is_interface_line(block)))


# The label over a page's table of contents ("Table of Contents", "On this page", "In this article:",
# "Inhaltsverzeichnis", "Sommaire"): the page's navigation, not a heading of the story. (The list under it stays:
# some pages' summaries are set as one.)
_CONTENTS_LABEL = re.compile(
    r"\W*(?:table\s+of\s+contents?|on\s+this\s+page|in\s+this\s+(?:article|post)|inhaltsverzeichnis|inhalt\s+dieser\s+seite|"
    r"índice(?:\s+de\s+contenidos?)?|sommaire|jump\s+to(?:\s+section)?|quick\s+links|indice\s+dei\s+contenuti)\W*",
    re.I,
)


def _is_contents_label(block: Block) -> bool:
    text = block.text or ""
    return len(text) <= MORE_LABEL_CHARS and block.type in ("heading", "paragraph", "list_item") and _CONTENTS_LABEL.fullmatch(text) is not None


# What a page's interface prints among the story's lines: a picture's "Click to enlarge" ("Zum Vergrößern bitte
# anklicken", "Bild vergrößern", "Cliquez pour agrandir"), and an error message of the server's scripts that the page
# printed as text ("Deprecated: preg_replace(): ... in /www/htdocs/.../file.php on line 12", "Warning: ...").
_ENLARGE = re.compile(
    r"\W*(?:(?:click|tap)\s+(?:here\s+)?(?:on\s+(?:the\s+)?(?:image|picture|photo)\s+)?to\s+(?:enlarge|zoom(?:\s+in)?)|"
    r"(?:zum\s+)?vergrößern\s+(?:bitte\s+)?(?:an)?klicken|(?:bild|foto)\s+vergrößern|(?:zum\s+)?vergrößern\s+(?:auf\s+)?(?:das\s+)?bild\s+klicken|"
    r"cliquez\s+(?:sur\s+l'image\s+)?pour\s+(?:l')?agrandir|(?:haga\s+)?clic\s+para\s+ampliar|clicca\s+per\s+ingrandire)\W*",
    re.I,
)
_SCRIPT_ERROR = re.compile(r"(?:Deprecated|Warning|Notice|Fatal error|Parse error|Strict Standards|Catchable fatal error):\s.*\bon line\s+\d+\b.*", re.S)
INTERFACE_LINE_CHARS = 600  # the longest such line (an error message names a long path)


def _is_interface_line(block: Block) -> bool:
    """A picture's "Click to enlarge" or a server script's error message printed as a paragraph (``_ENLARGE``, ``_SCRIPT_ERROR``)."""
    text = block.text or ""
    if len(text) > INTERFACE_LINE_CHARS:
        return False
    return _ENLARGE.fullmatch(text) is not None or " on line " in text and _SCRIPT_ERROR.match(text) is not None


def _is_site_note(block: Block) -> bool:
    """An affiliate disclosure or an advertising note, a call to follow the site on social networks or to join its
    channel, app or newsletter, its appeal for support or letters, its rights notice, a paywall's note to subscribers,
    its cookie notice, or a reading-time note (alone, or beside a name: "Jane Roe | 5 min read") that a first block
    other than a note kept in the body."""
    text = block.text or ""
    if len(text) > _SITE_NOTE_CHARS or block.type != "paragraph" and (block.type != "heading" or len(text) > DATELINE_CHARS):
        return False  # (what none of the tests below takes, in one test: most blocks asked are the story's)
    return (_is_disclosure(block) or _is_ad_note(block) or _is_follow_note(block) or _is_channel_note(block)
            or _is_appeal(block) or _is_rights_notice(block) or _is_login_note(block) or _is_cookie_notice(block)
            or _is_browser_note(block) or _is_app_note(block) or _is_offer_note(block) or _is_reading_time(block)
            or _is_reading_line(block))


# The site's offer closing a short line: a call to sign up after what it offers ("Do you want to be informed of our
# actions? Sign up here"), or to try its paid tier free of ads ("Try Harbour Premium for FREE by clicking here for no
# ads"). (A call alone on its line, a button's, is a link's business: ``_is_call_to_action``.)
_SIGN_UP_TAIL = re.compile(
    r"[.?!:–—]\s*(?:sign\s+up|subscribe|register|join\s+us|jetzt\s+(?:anmelden|abonnieren|registrieren)|inscr[ií]bete|"
    r"abonnez[-\s]vous)(?:\s+(?:here|now|today|hier|for\s+free))?\W*$",
    re.I,
)  # (a sentence of its own: "The club said new members can register." reports one)
_PAID_TIER = re.compile(r"\btry\b[^.!?]{1,40}\b(?:premium|plus)\b[^.!?]{0,20}\bfor\s+free\b[^.!?]{0,60}\b(?:no\s+ads|ad[-\s]free)\b", re.I)
OFFER_NOTE_CHARS = 160


def _is_offer_note(block: Block) -> bool:
    """A short line closing on the site's call to sign up, or its offer of a paid tier (``_SIGN_UP_TAIL``, ``_PAID_TIER``)."""
    text = block.text or ""
    if block.type != "paragraph" or len(text) > OFFER_NOTE_CHARS:
        return False
    return _SIGN_UP_TAIL.search(text) is not None or _PAID_TIER.search(text) is not None


# Labels of a story's tags or topics, printed over their list at its end ("Tags", "Schlagwörter", "Etiquetas").
_TAG_LABELS = frozenset((
    "tags", "tag", "tagged", "tagged with", "topics", "related topics", "keywords", "themen", "schlagwörter", "schlagworte",
    "stichwörter", "stichworte", "etiquetas", "temas", "mots-clés", "mots clés", "tagi", "tematy", "argomenti", "trefwoorden",
))
TAG_LIST_CHARS = 300  # the longest list of tags under such a label


def _headed_tags(heading: Block, block: Block) -> bool:
    """A closing heading that labels the story's tags, over one short block: the list of tags, not the story's."""
    label = (heading.text or "").strip().rstrip(":").strip().casefold()
    return heading.type == "heading" and label in _TAG_LABELS and len(block.text or "") <= TAG_LIST_CHARS


# A broadcaster's note of when its programme covered the story ("Über dieses Thema berichtete Inforadio am 29. April
# 2020 um 09:53 Uhr.", "Dieses Thema im Programm: MDR THÜRINGEN | 20. April 2020 | 13:00 Uhr", "This story was broadcast
# on 3 May 2023"), with the date it names.
_BROADCAST_NOTE = re.compile(
    r"(?:über\s+dieses\s+thema\s+berichtete|dieses\s+thema\s+im\s+programm\b|(?:this|the)\s+(?:story|report|segment)\s+"
    r"(?:was\s+|first\s+)*(?:broadcast|aired)\b)",
    re.I,
)


def _is_tag_line(text: str) -> bool:
    """A line of the story's tags under their label ("Tags: harbour, council", "Themen: Strava Tourenplanung")."""
    label, colon, tags = text.partition(":")
    return bool(colon) and len(text) <= TAG_LIST_CHARS and label.strip().casefold() in _TAG_LABELS and bool(tags.strip())


def _headed_site_note(heading: Block, block: Block) -> bool:
    """A heading and the paragraph under it that read as a site's note together, its words split between them
    ("Our newsletters" over "Subscribe to the morning briefing and learn...")."""
    if heading.type != "heading" or block.type != "paragraph" or _is_site_note(block):
        return False
    return _is_site_note(attrs.evolve(block, text=f"{heading.text}. {block.text}"))


_LINE_PARTS = re.compile(r"\s+[|·•]\s+")
BESIDE_WORDS = 4  # the most words of each part beside a reading time on one line ("Bridgestone Team")


def _is_reading_line(block: Block) -> bool:
    """A short line of parts, one a reading time, the others a few words without a sentence's end: a byline and
    its reading time ("Jane Roe | 5 min read", "Harbor Team · Lesezeit: 3 Minuten")."""
    text = block.text or ""
    if block.type not in ("paragraph", "heading") or len(text) > DATELINE_CHARS:  # (some templates set it as a heading)
        return False
    parts = _LINE_PARTS.split(text)
    times = [_says_reading_time(part) for part in parts]
    return len(parts) > 1 and any(times) and all(
        timed or (len(part.split()) <= BESIDE_WORDS and not part.endswith((".", "!", "?"))) for part, timed in zip(parts, times)
    )


# A site's cookie notice, printed in the page ("We use cookies to improve our website. By continuing to browse
# it you accept them", "verwenden wir Cookies. Durch die weitere Nutzung der Webseite..."): cookies, and the site
# saying it uses them or that reading on agrees to them. (A story about cookies names them, not its own use.)
_COOKIES = re.compile(r"\bcookies?\b", re.I)
_COOKIE_USE = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site)\s+(?:also\s+)?(?:use|uses|place|places|set|sets)\b|"
    r"\b(?:verwenden|nutzen|setzen)\s+wir\b|\bwir\s+(?:verwenden|nutzen|setzen)\b|\b(?:diese|unsere)\s+(?:web)?seite\s+(?:verwendet|nutzt)\b|"
    r"\b(?:utilizamos|usamos|nous utilisons|ce site utilise|utilizziamo|questo sito utilizza|wij gebruiken|gebruiken wij)\b|"
    r"\bcontinu\w*\s+(?:to\s+)?(?:use|using|brows\w*)\b|\bweitere[n]?\s+nutzung\b",
    re.I,
)
COOKIE_NOTE_CHARS = 500


# A share button's consent prompt ("Wenn Sie diesen Button anklicken, werden persönliche Daten an Facebook übertragen",
# "By clicking this button, your data will be sent to Twitter"): the reader's data, passed to a network.
_DATA_SENT = re.compile(
    r"\b(?:persönliche\s+)?daten\s+an\s+[\w.+ -]{2,30}\s+übertragen\b|\b(?:your|personal)\s+data\s+(?:will\s+be|is|are)\s+"
    r"(?:sent|transferred|transmitted|passed)\s+to\b|\bdonnées\s+(?:personnelles\s+)?(?:seront|sont)\s+transmises\b",
    re.I,
)


def _is_cookie_notice(block: Block) -> bool:
    """The site's notice about its cookies (``_COOKIES``, ``_COOKIE_USE``), or a share button's prompt to pass the
    reader's data to a network (``_DATA_SENT``)."""
    return _paragraph_with(block, COOKIE_NOTE_CHARS, _COOKIES, _COOKIE_USE) or _paragraph_with(
        block, COOKIE_NOTE_CHARS, _DATA_SENT, hints=("daten", "data", "données"))


def _paragraph_with(block: Block, chars: int, *patterns: re.Pattern[str], hints: tuple[str, ...] = ()) -> bool:
    """Whether ``block`` is a paragraph of at most ``chars`` characters in which every one of ``patterns`` is found.

    ``hints``: lower-case substrings one of which every match of the first pattern holds, tested first, as most
    paragraphs hold none and a substring test costs far less than a pattern."""
    text = block.text or ""
    if block.type != "paragraph" or len(text) > chars:
        return False
    if hints:
        folded = text.lower()
        if not any(hint in folded for hint in hints):
            return False
    return all(pattern.search(text) is not None for pattern in patterns)


# Social networks a site asks its readers to follow it on, and the verbs it asks with.
_NETWORKS = re.compile(
    r"\b(?:facebook|twitter|x|instagram|youtube|tiktok|linkedin|pinterest|threads|bluesky|mastodon|whatsapp|telegram|"
    r"snapchat|flipboard|reddit|google news|email|e-mail|rss)\b",
    re.I,
)
_FOLLOW = re.compile(r"\b(?:follow\w*|folg\w*|segu\w*|sigue\w*|s[íi]guenos|suiv\w*|volg\w*|connect)\b", re.I)
FOLLOW_NOTE_CHARS, FOLLOW_NETWORKS = 300, 2


SHARE_ITEM_CHARS = 20  # the longest button of a share bar ("Facebook", "WhatsApp", "E-Mail", "Drucken")
SHARE_LABEL_CHARS = 30  # the longest label over a share bar ("Teilen Sie dies mit:", "Share this:")
# What a share bar's buttons name: a network (``_NETWORKS``), an older one, or printing the page.
_SHARE_TARGET = re.compile(
    rf"{_NETWORKS.pattern}|google\+?|xing|tumblr|flattr|pocket|print|drucken|imprimir|imprimer|stampa|afdrukken", re.I
)
_WORDS_ONLY = re.compile(r"[^\w+-]+")  # what a button prints besides its word: icons, arrows, punctuation


def _share_bars(blocks: list[Block], link_lines: set[int]) -> set[int]:
    """Indexes of the blocks of every share bar in the body, and of the label over each.

    A share bar is a run of short buttons (``SHARE_ITEM_CHARS``), list items or lone links (``link_lines``), each
    naming a network or printing (``_SHARE_TARGET``: "Twitter", "E-Mail", "Drucken") or an icon alone ("⎙"),
    at least two of them named. Its label is the short line ending in ":" right above it ("Teilen mit:",
    "Share this:"). Found by its shape, not its class: the relaxed second try of the content search ignores
    class names. A list the author wrote of networks says more about each ("Facebook: 3 billion users").
    """
    drop: set[int] = set()
    run: list[int] = []
    named = 0
    for index in range(len(blocks) + 1):
        block = blocks[index] if index < len(blocks) else None
        text = block.text or "" if block is not None else ""
        if block is not None and (block.type == "list_item" or index in link_lines) and len(text) <= SHARE_ITEM_CHARS:
            word = _WORDS_ONLY.sub(" ", text).strip()
            if _SHARE_TARGET.fullmatch(word) is not None:
                run.append(index)
                named += 1
                continue
            if not any(c.isalpha() for c in word):
                run.append(index)
                continue
        if named >= 2:
            drop.update(run)
            label = blocks[run[0] - 1].text or "" if run[0] else ""
            if run[0] and len(label) <= SHARE_LABEL_CHARS and label.endswith(":"):
                drop.add(run[0] - 1)
        run, named = [], 0
    return drop


def _is_follow_note(block: Block) -> bool:
    """"Follow us on Facebook, X and Instagram", "Folgen Sie uns auf Twitter", or a row of share buttons'
    names ("Facebook LinkedIn Email"): two networks or more, and a verb asking to follow or hardly another word.
    (A story about networks names them without asking: "Instagram and TikTok drive sales".)"""
    text = block.text or ""
    if block.type != "paragraph" or len(text) > FOLLOW_NOTE_CHARS:
        return False
    networks = _NETWORKS.findall(text)
    if len({n.lower() for n in networks}) < FOLLOW_NETWORKS:
        return False
    return _FOLLOW.search(text) is not None or len(_WORDS.findall(text)) <= len(networks) + CREDIT_LABEL_WORDS


# A call to join the site's channel, to get its app or its newsletter ("Join our WhatsApp channel for the latest
# news", "Sign up for our newsletter", "¡Únete a nuestro canal de Telegram!", "Mira lo que tiene nuestro canal de
# YouTube", "Abonnieren Sie unseren Newsletter"): a channel, the site's own app or a newsletter, a verb inviting the
# reader, and the site or the reader addressed ("our", "you", "únete"). Not an app, a podcast or YouTube alone, nor
# "get", "watch": stories about apps and tools say "you can get the app", "watch the tutorials on YouTube".
_CHANNELS = re.compile(
    r"\b(?:whatsapp|telegram|signal|google news|newsletters?|canal|kanal|channel|boletín|bulletin)\b|"
    r"\b(?:our|nuestr[oa]|unsere[nm]?|notre|nostra)\s+(?:\w+\s+){0,3}apps?\b",
    re.I,
)
_INVITE = re.compile(
    r"\b(?:join|subscribe|sign(?:ing)?\s+up|download|follow|watch\s+more|únete|unete|suscr[ií]bete|suscr[ií]base|descarg\w*|s[ií]gue\w*|mira|"
    r"abonn\w*|(?:an)?melde\w*|tritt|folge\w*|inscri\w*|t[ée]l[ée]charge\w*|rejoigne\w*|iscriviti|scarica|unisciti|seguici)\b",
    re.I,
)
_ADDRESSED = re.compile(
    r"\b(?:our|us|you|your|nuestr[oa]s?|únete|unete|suscr[ií]bete|tu|unser\w*|uns|dich|euch|ihr|notre|nos|vous|votre|"
    r"nostr[oa]|iscriviti|unisciti|seguici|(?<=\w\s)(?-i:Sie))\b",  # "Sie" inside a sentence, capitalised: the formal you
    re.I,
)
CALL_NOTE_CHARS = 250  # the longest call to join, subscribe or log in


def _is_channel_note(block: Block) -> bool:
    return _paragraph_with(block, CALL_NOTE_CHARS, _CHANNELS, _INVITE, _ADDRESSED)


# A newsletter or mailing list by name: the one channel a story's own sentences rarely invite readers to.
_NEWSLETTER = re.compile(r"newsletter|mailing\s+list|\bboletín\b|\blettre d'information\b", re.I)
_NEWSLETTER_WORDS = ("newsletter", "mailing", "bolet", "lettre")  # (hints: see _paragraph_with)


NEWSLETTER_LINE_CHARS = 80  # a line this short, opening with the invitation, needs address no one
PITCH_CHARS = 120  # the longest line of pitch under a newsletter's call set as a heading
_BULLETS = " \t👉→»>•*-–"  # what a call's line may open with before its verb


def _newsletter_pitches(blocks: list[Block], stray: set[int], link_lines: set[int]) -> set[int]:
    """Indexes of the pitch lines under the newsletter calls set as headings among ``stray`` ("Join Our Newsletter"
    over "Expert advice, delivered weekly"): the short paragraph right under each, unless it is a link."""
    pitches = set()
    for index in stray:
        after = index + 1
        if (after < len(blocks) and after not in link_lines and blocks[index].type == "heading" and blocks[after].type == "paragraph"
                and len(blocks[after].text or "") <= PITCH_CHARS and _is_newsletter_call(blocks[index])):
            pitches.add(after)
    return pitches


def _is_newsletter_call(block: Block) -> bool:
    """A call to sign up for the site's newsletter, anywhere in the body ("Want more? Sign up for our newsletter",
    a heading "Join Our Newsletter"): a channel note (``_is_channel_note``) that names a newsletter or mailing list, or
    a short line that opens with the invitation ("Subscribe to the Harbour Newsletter": a story's sentence reports
    one, "Readers can subscribe to the newsletter"). Other channels count only at the body's ends: "This channel covers
    design... the tutorials are easy to follow" is a listicle's own line."""
    text = block.text or ""
    if block.type not in ("paragraph", "heading") or len(text) > CALL_NOTE_CHARS:
        return False
    folded = text.lower()
    if not any(hint in folded for hint in _NEWSLETTER_WORDS) or _NEWSLETTER.search(text) is None:
        return False
    if len(text) <= NEWSLETTER_LINE_CHARS and _INVITE.match(text.lstrip(_BULLETS)) is not None:
        return True
    return _CHANNELS.search(text) is not None and _INVITE.search(text) is not None and _ADDRESSED.search(text) is not None


# The site asking its readers for support or for letters ("Would you consider supporting our work?", "Support
# independent journalism", "Unterstützen Sie uns bitte mit einer Spende", "We want to hear what you think about this
# article. Submit a letter to the editor"): backing the site's work (the verb with its object: "dedicated support",
# "support your health" are not asked of the reader), giving money or becoming a member, or writing to the editor;
# the reader addressed or asked. A story reports appeals in the third person ("The charity asked residents to donate").
_SUPPORT = re.compile(
    r"\bsupport(?:ing)?\s+(?:us|our\s+(?:work|journalism|reporting|newsroom|mission)|(?:independent|local|quality)\s+journalism)\b|"
    r"\b(?:make|making|give|giving)\s+a\s+(?:\w+\s+)?donation\b|\byour\s+(?:[\w-]+\s+){0,3}donations?\b|\bdonate\s+(?:now|today|here)\b|"
    r"(?m:^donate$)|\bhelp\s+us\s+(?:continue|keep)\b|\b(?:einer|ihre[rn]?|deine[rn]?)\s+spende\b|\bjetzt\s+spenden\b|"
    r"\b(?:become\s+a\s+(?:member|supporter|patron)|hazte\s+miembro|werde\s+(?:\w+\s+)?mitglied)\b|"
    r"\bunterstütz\w*\s+(?:sie\s+)?(?:uns|unsere\w*)\b|\bunsere\w*\s+(?:arbeit|journalismus)\s+(?:\w+\s+){0,2}unterstütz\w*|"
    r"\bcon\s+tu\s+apoyo\b|\bap[óo]yanos\b|\bsoutenez[-\s]nous\b|\bsostienici\b|\bletters?\s+to\s+the\s+editor\b|\bleserbrief\w*",
    re.I,
)
_ASKED = re.compile(
    r"\b(?:you|your|please|consider|du|dich|dir|euch|bitte|sie|t[uú]|usted|vous|votre|submit|write\s+to)\b|"
    r"\b(?:hazte|ap[óo]yanos|soutenez|sostienici)\b",
    re.I,
)
APPEAL_CHARS = 300  # the longest appeal read as the site's note


_SUPPORT_WORDS = ("support", "donat", "spende", "unterstütz", "apoy", "apóy", "member", "miembro", "mitglied", "souten", "sostien",
                  "letter", "leserbrief", "help", "patron")  # (hints: see _paragraph_with)


# Quotation marks: a quoted appeal is reported speech ("'Please support us,' the charity's director said").
_QUOTATION = re.compile('["\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a]|(?:^|\\s)[\'\u2018]|[\'\u2019](?=[\\s,.]|$)')


def _is_appeal(block: Block) -> bool:
    return _paragraph_with(block, APPEAL_CHARS, _SUPPORT, _ASKED, hints=_SUPPORT_WORDS) and not _quotes(block)


def _quotes(block: Block) -> bool:
    """Whether a block holds a quotation (``_QUOTATION``): reported speech, not the site's own words."""
    return _QUOTATION.search(block.text or "") is not None


# A paywall's note to subscribers ("If you're already a subscriber, you can log in for free access", "Sie sind
# bereits Abonnent? Hier anmelden"): a subscriber, and logging in, addressed to the reader.
_SUBSCRIBER = re.compile(r"\b(?:subscribers?|subscription|abonnent\w*|abonnement|abo|suscriptor\w*|suscripci[óo]n|abonné\w*|abbonat\w*)\b", re.I)
_LOG_IN = re.compile(
    r"\b(?:log\s*in|sign\s*in|anmelden|einloggen|login|inicia\s+sesi[óo]n|inicie\s+sesi[óo]n|ingresa|connectez|identifiez|accedi)\b",
    re.I,
)


def _is_login_note(block: Block) -> bool:
    return _paragraph_with(block, CALL_NOTE_CHARS, _SUBSCRIBER, _LOG_IN, _ADDRESSED)


# A page's notice about the reader's browser, printed for one without scripts or with an old browser ("Please enable
# JavaScript", "Ohne JavaScript funktioniert COUCH möglicherweise nicht korrekt", "Dein Browser ist leider veraltet",
# "Lade ... einen neueren Browser herunter"): scripts and what the page needs of them, or the browser and its age.
# ("Users should update their browser at once" is a security story's advice: updating is not the notice's word.)
_NEEDS_SCRIPTS = re.compile(
    r"\bjavascript\b.*\b(?:enable\w*|activat\w*|turn\s+on|aktivi?er\w*|einschalt\w*|schalten|required|requires|benötigt|"
    r"erforderlich|funktioniert|work\w*\s+(?:properly|correctly)|habilit\w*|activ[ae]\w*)\b|"
    r"\b(?:enable|activate|turn\s+on|aktivieren|einschalten|schalten|habilite|activez)\b.*\bjavascript\b",
    re.I,
)
_OLD_BROWSER = re.compile(
    r"\bbrowser\b.*\b(?:veraltet|outdated|out\s+of\s+date|(?:is\s+)?not\s+supported|nicht\s+(?:mehr\s+)?unterstützt|"
    r"no\s+longer\s+supported)|\b(?:neuere[nm]?|newer|aktuellere[nm]?)\s+(?:\w+\s+)?browser\b",
    re.I,
)
BROWSER_NOTE_CHARS = 200


# A note about the site's own app or reader account at the story's end: "If you're on the Harbor TV app, click here to
# watch live", "You can find this story in My Bookmarks".
_APP_NOTE = re.compile(
    r"\bif\s+you(?:'|’)?re\s+(?:on|using|in|reading\s+(?:this\s+)?(?:on|in))\s+(?:the\s+|our\s+)?[^.!?]{0,40}\bapp\b[^.!?]{0,10}"
    r"\b(?:click|tap)\s+here\b|\byou\s+can\s+find\s+this\s+(?:story|article|post)\s+in\s+(?:my\s+|your\s+)?(?:bookmarks|saved\s+(?:stories|articles))\b",
    re.I,
)


def _is_app_note(block: Block) -> bool:
    """The site's note about its app or the reader's bookmarks (``_APP_NOTE``): a short paragraph."""
    return _paragraph_with(block, BROWSER_NOTE_CHARS, _APP_NOTE, hints=("app", "bookmark", "saved"))


def _is_browser_note(block: Block) -> bool:
    """The page's notice about the reader's browser (``_NEEDS_SCRIPTS``, ``_OLD_BROWSER``): a short paragraph."""
    text = block.text or ""
    if block.type != "paragraph" or len(text) > BROWSER_NOTE_CHARS:
        return False
    folded = text.lower()
    return ("javascript" in folded and _NEEDS_SCRIPTS.search(text) is not None) or (
        "browser" in folded and _OLD_BROWSER.search(text) is not None
    )


# The note of a comment form that the page set inside the story's container ("Your email address will not be
# published. Required fields are marked *", "Deine E-Mail-Adresse wird nicht veröffentlicht", WordPress.com's "Fill in
# your details below or click an icon to log in"): the form starts there, and the comments follow it; a heading
# right above it is the form's ("Leave a Reply").
_COMMENT_FORM = re.compile(
    r"\be-?mail(?:[- ]?ad(?:d)?ress[ea]?)? (?:will not|won't|wird nicht|ne sera pas|non sarà) (?:be )?(?:published|veröffentlicht|publiée?|pubblicat\w*)|"
    r"\bcorreo electr[óo]nico no ser[áa] publicad\w*|\b(?:you are commenting using your|du kommentierst mit dein\w*|sie kommentieren mit ihrem)\b|"
    r"\b(?:fill in your details below or click an icon to log in|trage deine daten unten ein oder klicke ein icon)\b|"
    r"\byou must be logged in to post a comment\b|\bdu musst angemeldet sein, um einen kommentar abzugeben\b|"
    r"\bsie müssen angemeldet sein, um einen kommentar abzugeben\b|\bvous devez être connecté pour publier un commentaire\b|"
    r"\bdebes (?:estar registrado|iniciar sesión) para publicar un comentario\b|"
    r"\bum\s+(?:selbst\s+)?(?:einen\s+)?kommentare?\s+(?:zu\s+)?(?:verfassen|schreiben|abzugeben)\b[^.]{0,40}\b(?:einloggen|anmelden|angemeldet)\b",
    re.I,
)
COMMENT_FORM_CHARS = 300


_COMMENT_FORM_WORDS = ("mail", "kommentar", "comment", "icon", "correo")  # (hints: see _paragraph_with)


def _is_comment_form_note(block: Block) -> bool:
    return _paragraph_with(block, COMMENT_FORM_CHARS, _COMMENT_FORM, hints=_COMMENT_FORM_WORDS)


# A notice of the site's rights ("Copyright 2023 Harbor TV. All rights reserved. This material may not be published,
# broadcast, rewritten or redistributed.", "© 2022 Site. This article is the copyrighted property of..."): a copyright
# mark or word with a year or a name after it, and rights reserved or reuse forbidden. A story that speaks of rights
# ("its copyright lapsed, and all rights reserved by the port went with it") claims none.
_COPYRIGHT_MARK = re.compile(r"(?:©|\([cC]\)|\b[Cc]opyright\b|\bCOPYRIGHT\b)\s*:?\s*(?:©\s*)?(?:\d{4}|[A-Z])")  # a year or a name after it
_RIGHTS = re.compile(
    r"\ball rights reserved\b|\bmay not be (?:\w+ed,?\s+(?:or\s+)?){1,4}|\bcopyrighted property\b|\bwritten permission\b|"
    r"\balle rechte vorbehalten\b|\btodos los derechos reservados\b|\btous droits réservés\b|\btutti i diritti riservati\b",
    re.I,
)
RIGHTS_NOTICE_CHARS = 400


def _is_rights_notice(block: Block) -> bool:
    return _paragraph_with(block, RIGHTS_NOTICE_CHARS, _COPYRIGHT_MARK, _RIGHTS, hints=("©", "copyright", "(c)"))


# Where a paywall cuts the story off ("Subscribe now to our print edition for the full story", "To read the rest of
# this article, please subscribe", "Abonnieren Sie, um den ganzen Artikel zu lesen"): subscribing and the rest of
# the story, asked of the reader. Among the last PAYWALL_BLOCKS blocks it goes with all after it (the offer's terms,
# its price, an app to get), however long the pitch: a cut-off story is short. A story mentions subscribers and full
# reports, rarely both in one short paragraph asking the reader.
_SUBSCRIBE = re.compile(r"\b(?:subscri\w*|abonn\w*|abo|suscr[ií]\w*|abbona\w*)\b", re.I)
# Asking the reader: besides _ADDRESSED's words, "please" and "now", and the polite imperatives ("Abonnieren Sie").
_ASKING = re.compile(r"\b(?:please|bitte|por\s+favor|now|jetzt|ahora|maintenant|abonnieren\s+sie|abonnez|suscr[ií]base|abbonati)\b", re.I)
_REST_OF_STORY = re.compile(
    r"\b(?:full|whole|entire|complete)\s+(?:story|article|report|text|piece)|\brest\s+of\s+(?:the|this)\s+(?:story|article)|"
    r"\b(?:continue|keep)\s+reading\b|\b(?:ganzen|gesamten|vollständigen|kompletten)\s+(?:artikel|beitrag|text)|\bweiterlesen\b|"
    r"\b(?:nota|noticia|art[íi]culo)\s+complet[oa]|\bseguir\s+leyendo\b|\barticle\s+complet\b|\blire\s+la\s+suite\b",
    re.I,
)
PAYWALL_BLOCKS = 5


def _is_paywall_cut(block: Block) -> bool:
    """Subscribing and the rest of the story, asked of the reader ("Subscribers can read the full report" is news)."""
    text = block.text or ""
    return _paragraph_with(block, CALL_NOTE_CHARS, _SUBSCRIBE, _REST_OF_STORY) and not _quotes(block) and (
        _ADDRESSED.search(text) is not None or _ASKING.search(text) is not None
    )


# A paragraph saying that the site earns money from links and purchases, as review pages print at the
# top or the bottom ("We may earn a commission when you buy through our links", "As an Amazon affiliate,
# I earn from qualifying purchases", "erhalten wir eine Provision"): its money words, then its links or buying.
_DISCLOSURE_MONEY = re.compile(
    r"\b(?:earns?|receives?|get)\b[^.]{0,40}\bcommissions?\b|\baffiliate\s+commissions?\b|qualifying\s+purchases|"
    r"\b(?:paid|receives?|earns?)\b[^.]{0,30}\bcompensation\b|"
    r"\b(?:erhalten|erhält|bekommen|bekommt|verdienen|verdient)\b[^.]{0,60}\bprovision|\bprovision\b[^.]{0,60}\b(?:erhalten|erhält|bekommen|bekommt)\b",
    re.I,
)
_DISCLOSURE_LINKS = re.compile(r"\blinks?\b|\bbuy|\bbought\b|\bpurchas|kauf|klick|\bclick", re.I)
# Blocks at either end of the body looked at for a disclosure, and the longest one.
DISCLOSURE_BLOCKS, DISCLOSURE_CHARS = 2, 500


def _is_disclosure(block: Block) -> bool:
    """An affiliate disclosure (``_DISCLOSURE_MONEY`` and ``_DISCLOSURE_LINKS``): the site's note, not the story.
    ("Both are affiliate links", naming no money, is the author's aside and stays.)"""
    return _paragraph_with(block, DISCLOSURE_CHARS, _DISCLOSURE_MONEY, _DISCLOSURE_LINKS)


AD_LABEL_CHARS = 40  # the longest advertising label alone on its line ("- Advertisement -")


# The line an ad slot prints over or under its ad that the story goes on after it: "Story continues below
# advertisement", "CONTINUA DEPOIS DA PUBLICIDADE", "La suite après cette publicité", "Advertisement - Continue Reading
# Below", "Advertisement. Scroll to continue reading."; and a reader's button to open the rest of the story, "Continue
# reading the main story". The advertising word ends the line (no sentence's full stop after it) or opens it as a
# label ("Advertisement -"), and the rest says the story goes on, after it when it comes first: "Advertising continues
# to grow after the pandemic.", "Revenue continues to come from advertising.", "Coverage continues despite lost
# advertising" are the story's.
_AD_WORDS = r"(?:advertisement|advertising|anzeige|werbung|publicidad|publicidade|publicit[ée]|pubblicit[àa])"
_AD_SLOT = re.compile(rf"\W*{_AD_WORDS}\s*[-–.:|]+\s*(?P<after>.+)|(?P<before>.+?)\s+(?:{_AD_WORDS}|this\s+ad)\s*[-–)]*", re.I)
_GOES_ON = re.compile(
    r"\b(?:continues?|continua|contin[uú]a|continue\s+reading|scroll|below|weiterlesen|fortgesetzt|suite|despu[ée]s|depois|dopo)\b",
    re.I,
)
_AFTER_IT = re.compile(r"\b(?:below|after|nach|depois|despu[ée]s|dopo|apr[èe]s)\b", re.I)  # where the story goes on
_READ_ON_BUTTON = re.compile(r"\W*continue\s+reading(?:\s+the(?:\s+main)?\s+(?:story|article))?\W*", re.I)
AD_SLOT_CHARS = 60


def _is_ad_label(block: Block) -> bool:
    """An advertising label alone on its line, a paragraph or heading anywhere in the body: the label of an ad slot
    whose ad a script fills, never the story's words; or the slot's line that the story goes on after it, or a
    button to read on (``_AD_SLOT``, ``_READ_ON_BUTTON``). (A list item "Advertising" may be one of a list of topics.)"""
    text = block.text or ""
    if block.type not in ("paragraph", "heading") or len(text) > AD_SLOT_CHARS:
        return False
    if len(text) <= AD_LABEL_CHARS and _AD_LABEL.fullmatch(text) is not None or _READ_ON_BUTTON.fullmatch(text) is not None:
        return True
    slot = _AD_SLOT.fullmatch(text)
    if slot is None:
        return False
    if slot.group("after") is not None:
        return _GOES_ON.search(slot.group("after")) is not None
    return _GOES_ON.search(slot.group("before")) is not None and _AFTER_IT.search(slot.group("before")) is not None


def _is_ad_note(block: Block) -> bool:
    """An advertising label or note (``_AD_LABEL``, ``_AD_NOTE``): the site's, not the story's."""
    text = block.text or ""
    return block.type == "paragraph" and len(text) <= AD_NOTE_CHARS and (
        _AD_LABEL.fullmatch(text) is not None or _AD_NOTE.search(text) is not None
    )


# A label or a note saying the page is, or holds, advertising (German law asks blogs for "Werbung" or "Anzeige"):
# the label alone ("Advertisement", "*Anzeige*", "Sponsored content"), or a note that the post contains
# advertising or affiliate links, or is sponsored ("Dieser Beitrag enthält Werbung für...", "Anzeige, enthält
# Affiliate Links", "This post contains affiliate links", "In partnership with Acme"). The note speaks of the post
# itself: "The harbour's website contains advertising" is a story's sentence.
_AD_LABEL = re.compile(
    r"\W*(?:advertisement|advertising|anzeige|werbung|publicidad|publicit[ée]|pubblicit[àa]|sponsored(?:\s+(?:content|post))?|"
    r"gesponsert|promoted|paid\s+(?:post|content))\W*",
    re.I,
)
_AD_NOTE = re.compile(
    r"\b(?:dieser|der|dieses|das|unser)\s+(?:beitrag|artikel|post|blogpost|video|text)\s+(?:enthält|beinhaltet)\s+(?:\w+\s+){0,2}?"
    r"(?:werbung|anzeigen|affiliate[- ]?links?|werbelinks?)\b|"
    r"\b(?:this|the|our)\s+(?:post|article|page|video|review|story)\s+(?:also\s+|may\s+)?contains?\s+(?:\w+\s+){0,2}?"
    r"(?:affiliate\s+links?|advertising|paid\s+promotion|sponsored\s+content)\b|"
    r"\b(?:this|the)\s+(?:post|article|story|video)\s+(?:is|was)\s+(?:sponsored|paid\s+for)\b|"
    r"^\W*(?:werbung|anzeige|sponsored|advertisement)\s*[,.:|/–-]|^\W*in\s+(?:paid\s+)?partnership\s+with\b",
    re.I,
)
AD_NOTE_CHARS = 200


def _prints_address(block: Block) -> bool:
    """Whether a block prints a web address ("https://github.com/...", "www.example.org")."""
    text = block.text or ""
    return "://" in text or text.startswith("www.")


def _lone_link(kept: tuple[Block, bool], *, opening: bool = False) -> bool:
    """A short paragraph that is one link and nothing else ("back to the list", "Next part", a section's
    name): at either end of the body it is navigation, not the story's first or last line. A printed
    address ("https://github.com/...") is the author's pointer and stays. Opening the body, list items
    of lone links are a breadcrumb trail."""
    block, link = kept
    text = block.text or ""
    kinds = ("paragraph", "list_item") if opening else ("paragraph",)
    return link and block.type in kinds and len(text) <= REPEAT_CHARS and not _prints_address(block)


def _is_prompt(block: Block, followed: bool) -> bool:
    """A heading, or a short paragraph ending in "?" or ":" with blocks after it (alone at the end it may
    introduce an embed: "watch the footage below:")."""
    text = block.text or ""
    if block.type == "heading":
        return True
    return followed and block.type == "paragraph" and len(text) <= PROMPT_CHARS and text.endswith(("?", ":"))


# A copyright notice: "© 2019 Harbor Times", "Copyright © 2018. All Rights Reserved.", "(c) dpa".
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))", re.I)


def _is_credit(block: Block) -> bool:
    """A short closing line that is a label and a name, not a sentence ("Titelbild: Agentur/Fotograf",
    "Quelle: Verband", "Crédits photos : Agence"), or a label introducing nothing ("Mehr Themen:").
    (A copyright notice is a picture's credit, at either end: see _is_picture_credit.)"""
    text = block.text or ""
    if block.type != "paragraph" or len(text) > CREDIT_CHARS or text.endswith((".", "!", "?", "…")):
        return False
    label, colon, value = text.partition(":")
    if not colon or value.startswith("//"):  # no label, or a bare address ("https://...")
        return False
    return 0 < len(label.split()) <= CREDIT_LABEL_WORDS and not any(c.isdigit() for c in label)  # not a time ("7:30")


# A reading-time note: "5 min read", "Reading time: 11 minutes", "Lesezeit: 2 Minuten", "Temps de lecture : 4 min".
# Its label before the number or its "read" after it must be there: "6 minutes" alone may be a video's length.
_READ_LABEL = (
    r"(?:(?:estimated\s+)?(?:reading|read)\s+time|lesezeit|lesedauer|temps\s+de\s+lecture|tiempo\s+de\s+lectura|"
    r"tempo\s+di\s+lettura|tempo\s+de\s+leitura|leestijd)"
)
_READING_TIME = re.compile(
    rf"^\W*(?P<label>{_READ_LABEL})?\s*:?\s*(?:ca\.?\s*|about\s+|~\s*)?\d{{1,3}}(?:\s*[-–]\s*\d{{1,3}})?\s*"
    r"(?:min(?:ute)?s?\.?|minuten|minutos|minuti|mn)\s*"
    rf"(?P<read>read(?:ing)?|{_READ_LABEL}|de\s+lecture|de\s+lectura|di\s+lettura|de\s+leitura)?\W*$",
    re.I,
)


# What a script shows until it has loaded: "Loading...", WordPress's like button "Gefällt mir Wird geladen …",
# "Liken Lade …".
_PLACEHOLDER = re.compile(r"^(?:\w+\s+){0,2}(?:loading|wird\s+geladen|lade|chargement|cargando|caricamento|carregando)\s*(?:\.{3}|…)$", re.I)


def _is_note(block: Block) -> bool:
    """A dateline, a reading-time note, a "Loading..." or a picture's credit at either end of the body: the
    page's, not the author's."""
    return _is_dateline(block) or _is_reading_time(block) or _is_placeholder(block) or _is_picture_credit(block)


# A blog engine's lines around a post: "The post Title appeared first on Site.", as feeds copy into the page;
# "Comments are closed." and its translations; a view counter "(Visited 215 times, 55 visits today)".
_BLOG_FOOTER = re.compile(
    r"the post\s.+\sappeared first on\s.+|"
    r"(?:comments are closed|kommentare sind geschlossen|die kommentarfunktion ist (?:geschlossen|deaktiviert)|"
    r"les commentaires sont ferm[ée]s|los comentarios est[áa]n cerrados)\b[^.!?]{0,40}[.!]?|"
    r"\(?visited\s+[\d,.]+\s+times?\b[^()]*\)?",
    re.I,
)
# A blog theme's line under a post: when it was posted and where it is filed, and the feed of its comments ("This entry
# was posted on Wednesday, November 27th, 2019 at 3:21 pm and is filed under News. You can follow any responses to
# this entry through the RSS 2.0 feed.", "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr
# veröffentlicht und wurde unter Allgemein abgelegt."). Longer than other footer lines: the categories are listed.
_FILED_UNDER = re.compile(
    r"(?:this\s+(?:entry|post)|(?:der|dieser)\s+(?:beitrag|eintrag)|cette\s+entrée|cet\s+article|esta\s+entrada)\s+"
    r"(?:was|wurde|a\s+été|fue)\b.{0,120}?\b(?:posted|veröffentlicht|publi[ée]e?|publicad[ao])\b"
    r".*?\b(?:filed\s+under|categor\w*|abgelegt|kategorie\w*|class[ée]e?\s+dans|rss)\b",
    re.I | re.S,
)
FILED_UNDER_CHARS = 600
# A bare number of a few digits: a like or comment counter, a vote button's count ("0"), never a line of prose.
_COUNTER = re.compile(r"\d{1,3}")
BLOG_FOOTER_CHARS = 300
# A widget asking the reader to rate or share the page, or its tally: "Was this article helpful?", "War der Artikel
# nützlich?", "Hier können Sie den Artikel bewerten", "Share this post", "(95 Stimmen: 4,73 von 5)", "(No Ratings
# Yet)". A question or a few words about the page itself, with a verb of rating or sharing, not a sentence of the story.
_ABOUT_THE_PAGE = re.compile(
    r"\b(?:this|the|den|der|diesen|dieser|dieses|das|cet|cette|l['’]|este|esta|el|questo|quest['’]|dit|deze)\s*"
    r"(?:article|post|page|story|artikel|beitrag|seite|artículo|articulo|entrada|articolo|pagina|página)\b",
    re.I,
)
_RATE_OR_SHARE = re.compile(
    r"\b(?:helpful|useful|rate|share|teilen|bewerten|nützlich|hilfreich|partager|noter|utile|compartir|valorar|"
    r"útil|calificar|condividi\w*|valuta\w*|delen|beoordelen)\b",
    re.I,
)
# A share widget's label: "Share this on:", "Share:", "Share this story", "Jetzt teilen", "Diesen Artikel teilen:".
_SHARE_LABEL = re.compile(
    r"(?:(?:jetzt|diesen|den|this)\s+)?(?:(?:artikel|beitrag|story|article|post)\s+)?"
    r"(?:share|teilen|partager|compartir|condividi|delen)"
    r"(?:\s+(?:this|it|on|via|the|story|article|post|page|now|jetzt|ce|cet|cette|esta|este|nota|con)){0,3}\s*:?",
    re.I,
)
_TALLY = re.compile(
    r"\(?\s*(?:\d+|no|noch\s+keine|keine|sin|aucun\w*|nessun\w*)\s+(?:votes?|stimmen|bewertungen|ratings?|votos|voti)\b[^()]{0,40}\)?",
    re.I,
)
WIDGET_CHARS, WIDGET_WORDS = 80, 6
# A page's tools printed as text: its permanent link ("Permalink https://p.example/p/3WRPd"), printing it ("Print
# this page", "Seite drucken"), the share plugin's motto ("Sharing is caring!"), the comment form's title ("Leave a
# comment", "Kommentar verfassen").
_PAGE_TOOL = re.compile(
    r"\W*(?:permalink:?\s+\S+|(?:print\s+)?print\s+this\s+(?:page|article)|(?:diese\s+)?seite\s+drucken|artikel\s+drucken|"
    r"imprimer\s+(?:cette\s+page|l'article)|sharing\s+is\s+caring|(?:leave|write|post|add)\s+a\s+(?:comment|reply)|"
    r"(?:einen\s+)?kommentar\s+(?:verfassen|schreiben|hinterlassen)|laisser\s+un\s+commentaire|deja\s+un\s+comentario)\W*",
    re.I,
)
# The note that the site belongs to a network of others ("*fr.de ist Teil des bundesweiten Ippen-Redaktionsnetzwerks",
# "Harbour Times is part of the Coastal Media network").
_NETWORK_NOTE = re.compile(
    r"\W*[\w.&' -]{2,40}\s+(?:ist\s+(?:ein\s+)?teil\s+(?:des|der)|is\s+(?:a\s+)?part\s+of\s+the|fait\s+partie\s+du)\s+"
    r"[\w -]{0,40}(?:netzwerk\w*|network|verbund\w*|réseau\s+[\w -]{1,30}|group)\W*",
    re.I,
)


MENU_PARTS, MENU_PART_WORDS = 3, 4  # a menu line's fewest links, and the most words of each


def _is_menu_line(text: str) -> bool:
    """A line of menu links ("About EO | Mission Statement | Impact & Reach | Write for us"): three parts or more
    between bars or dots (``_LINE_PARTS``), each a few words without a sentence's end or a figure (a recipe's
    "Calories: 1535kcal | Protein: 51g" is its own)."""
    parts = _LINE_PARTS.split(text)
    return len(parts) >= MENU_PARTS and all(
        0 < len(part.split()) <= MENU_PART_WORDS and not part.endswith((".", "!", "?", ":")) and not any(c.isdigit() for c in part)
        for part in parts
    )


# The pages every site links in its footer: its imprint, privacy policy, terms, contact ("Impressum | Datenschutz").
_LEGAL_PAGE = re.compile(
    r"impressum|datenschutz(?:erklärung)?|imprint|privacy(?:\s+policy)?|terms(?:\s+of\s+(?:use|service)|\s+and\s+conditions)?|agb|"
    r"kontakt|contact(?:\s+us)?|cookie(?:s|\s+policy)?|mentions\s+légales|aviso\s+legal|política\s+de\s+privacidad|disclaimer|sitemap",
    re.I,
)


def _is_legal_links(text: str) -> bool:
    """A line of the site's legal pages' links ("Impressum | Datenschutz"): two parts or more, each one of them."""
    parts = _LINE_PARTS.split(text)
    return len(parts) >= 2 and all(_LEGAL_PAGE.fullmatch(part.strip()) is not None for part in parts)


def _is_page_widget(block: Block) -> bool:
    """A page's widget line: a bare counter, a blog engine's footer line (``_BLOG_FOOTER``, ``_FILED_UNDER``), a line of
    menu links (``_is_menu_line``), a share widget's label, a widget asking to rate or share the page, or its tally, the
    page's tools (``_PAGE_TOOL``: its permanent link, printing it; a list item too) or the note that the site belongs to
    a network (``_NETWORK_NOTE``), the story's tags under their label (``_is_tag_line``), a broadcaster's note of when
    its programme covered the story (``_BROADCAST_NOTE``)."""
    text = (block.text or "").strip()
    if block.type == "list_item" and len(text) <= WIDGET_CHARS:
        return _PAGE_TOOL.fullmatch(text) is not None  # an item of the page's tools' list ("Print this page")
    if block.type != "paragraph" or len(text) > FILED_UNDER_CHARS:
        return False
    if _FILED_UNDER.match(text) is not None:
        return True
    if len(text) > BLOG_FOOTER_CHARS:
        return False
    if _COUNTER.fullmatch(text) is not None or _BLOG_FOOTER.fullmatch(text) is not None or _is_menu_line(text):
        return True
    if _NETWORK_NOTE.fullmatch(text) is not None or _is_legal_links(text) or _is_tag_line(text):
        return True
    if _BROADCAST_NOTE.match(text) is not None and next(find_printed_dates(text), None) is not None:
        return True
    label = text.rstrip(":!.…").strip()
    if len(label) <= MORE_LABEL_CHARS and _MORE_LABEL.fullmatch(label) is not None:
        return True  # a label of other stories the page left out ("Diese Artikel könnten dich auch interessieren:")
    if len(text) > WIDGET_CHARS:
        return False
    if _TALLY.fullmatch(text) is not None or _SHARE_LABEL.fullmatch(text) is not None or _PAGE_TOOL.fullmatch(text) is not None:
        return True
    # A question or a button's few words ("Thanks to Sam for helpful comments on this post." is the author's).
    asks = text.endswith("?") or len(text.split()) <= WIDGET_WORDS
    return asks and _ABOUT_THE_PAGE.search(text) is not None and _RATE_OR_SHARE.search(text) is not None


# Who made a picture: "Image credit: Agency/Name", "Photo: Jane Roe", "(Credits: Studio)", "Abb.: Collage",
# "Titelbild: Agentur", "Beitragsbild: Agentur", "Symbolbild: Agentur", "Photo via Pexels", or a copyright line.
_PICTURE_CREDIT = re.compile(
    r"^\(?\s*(?:(?:lead\s+|featured\s+|header\s+|title\s+|cover\s+)?(?:image|photo|picture|illustration)s?"
    r"(?:\s+(?:credits?|source|via|by))?|credits?|cr[ée]dits?(?:\s+photos?)?|fotos?|bild(?:er|nachweis)?|titelbild|"
    r"(?:beitrags|artikel|header|symbol|aufmacher|vorschau)bild|abb\.?)"
    r"(?:\s*[:|]\s*|\s+(?=via\b)|(?<=via)\s+|(?<=by)\s+)\S",
    re.I,
)


# A caption that ends with its picture's credit ("Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
# "Lee Elder 1975. | © Augusta National/Getty Images"): the copyright sign and a few words of names after it.
_CREDITED_CAPTION = re.compile(r"(?:^|[\s|(])©\s*[^\s.!?©][^.!?©]{1,60}\)?$")
CAPTION_LINE_CHARS = 250


def _is_caption_line(block: Block) -> bool:
    """A picture's caption or credit set as a paragraph of its own anywhere in the body: a credit line
    ("(Credit: Jane Roe / Agency)", ``_is_picture_credit``) or a short caption ending with its credit."""
    text = block.text or ""
    if block.type != "paragraph" or len(text) > CAPTION_LINE_CHARS:
        return False
    return _is_picture_credit(block) or "©" in text and _CREDITED_CAPTION.search(text) is not None


# The feed a story came from, above it: "Quelle: dpa-AFX", "Source: Reuters" (a finance site's wire copy).
_SOURCE_LINE = re.compile(r"(?:quelle|source|fuente|fonte)\s*:\s*[\w&./-]+(?:\s+[\w&./-]+){0,2}", re.I)
SOURCE_LINE_CHARS = 40


def _is_source_line(block: Block) -> bool:
    """A short paragraph opening the body that names the story's source and nothing else (``_SOURCE_LINE``)."""
    text = (block.text or "").strip()
    return block.type == "paragraph" and len(text) <= SOURCE_LINE_CHARS and _SOURCE_LINE.fullmatch(text) is not None


def _is_picture_credit(block: Block) -> bool:
    """A short paragraph that credits a picture (``_PICTURE_CREDIT``) or is a copyright line, not a sentence."""
    text = block.text or ""
    if block.type != "paragraph" or len(text) > CREDIT_CHARS or text.endswith(("!", "?", "…")):
        return False
    return _PICTURE_CREDIT.match(text) is not None or _COPYRIGHT.match(text) is not None


def _is_placeholder(block: Block) -> bool:
    """A short paragraph that is a script's "Loading..." (``_PLACEHOLDER``): what the page shows before it loads a widget."""
    text = block.text or ""
    return block.type == "paragraph" and len(text) <= DATELINE_CHARS and _PLACEHOLDER.match(text) is not None


def _is_reading_time(block: Block) -> bool:
    """A short paragraph that only says how long the story takes to read (``_READING_TIME``)."""
    text = block.text or ""
    return block.type == "paragraph" and len(text) <= DATELINE_CHARS and _says_reading_time(text)


def _says_reading_time(text: str) -> bool:
    match = _READING_TIME.match(text)
    return match is not None and (match.group("label") is not None or match.group("read") is not None)


# The label of a line saying when the story came out ("Veröffentlicht am 26. Oktober 2023", "Erschienen am 26. Jan 2022
# im Format Aktuelles", "Published on 3 May 2023", "Mis à jour le 3 mai 2023").
# (dates.py's words of publication and update, the labels it reads dates by.)
_DATELINE_LABEL = re.compile(
    rf"(?:first\s+|originally\s+|zuerst\s+|last\s+|zuletzt\s+)?(?:{PUBLISHED_WORDS}|{MODIFIED_WORDS})(?!\w)", re.I
)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.)?(?!\S)", re.I)  # a time of day: a dateline's, not a diary's
LABELLED_DATELINE_WORDS = 6  # the most words besides the date on a line that opens with such a label


# A post's meta line set as a list opening the body: "<ul><li>January 28, 2018</li><li>Cake Recipes</li><li>80
# Comments</li></ul>", "<ul><li>von Jane Roe</li><li>09.03.2022</li></ul>".
POST_META_ITEMS, POST_META_CHARS, POST_META_LABEL_WORDS = 4, 60, 3
_COMMENT_COUNT = re.compile(
    r"(?:\d+|no|keine|aucun|sin)\s+(?:comments?|kommentare?|commentaires?|comentarios?|commenti|reacties|responses?|replies)", re.I
)
_BY_OPENING = re.compile(rf"(?:{BY_WORDS})\s+\S", re.I)  # names.py's words before a writer's name


# A count of the story's comments, or a call to comment, in brackets after its dateline: "(1 Kommentar)", "(Jetzt
# kommentieren)", "(12 comments)".
_COMMENTS_NOTE = re.compile(
    rf"\s*\((?:{_COMMENT_COUNT.pattern}|jetzt\s+kommentieren|comment\s+now|leave\s+a\s+comment|kommentieren)\)\s*$", re.I
)


def _post_meta_list(kept: list[tuple[Block, bool]]) -> int:
    """How many list items opening the body are the post's meta line (``POST_META_ITEMS`` at most, each
    ``POST_META_CHARS`` long at most, more of the body after them): one a dateline, each of the others a dateline,
    a byline ("von Jane Roe"), a comment count ("80 Comments") or a label of a few words (its categories); else 0."""
    items = next((i for i, (block, _) in enumerate(kept) if block.type != "list_item"), len(kept))
    if not 0 < items <= POST_META_ITEMS or items == len(kept):
        return 0
    lines = [block for block, _ in kept[:items]]
    if any(len(line.text or "") > POST_META_CHARS for line in lines):
        return 0
    dated = [_is_dateline(line, kinds=("list_item",)) for line in lines]
    if not any(dated):
        return 0
    for line, is_date in zip(lines, dated):
        text = line.text or ""
        words = len(text.split())
        if not (is_date or _COMMENT_COUNT.fullmatch(text) or _BY_OPENING.match(text) and words <= 5
                or words <= POST_META_LABEL_WORDS and not any(mark in text for mark in ".!?:")):
            return 0
    return items


def _is_dateline(block: Block, *, labelled: bool = False, kinds: tuple[str, ...] = ("paragraph",)) -> bool:
    """A short paragraph of dates and at most three other words ("22 Dec, 2016 22 Dec, 2016", "Updated 3 May 2023"),
    or of a few more after a label of publication ("Erschienen am 26. Jan 2022 im Format Aktuelles"). ``labelled``:
    only one that opens with such a label. ``kinds``: the block types read (a list item of a post's meta line too)."""
    text = block.text or ""
    if block.type not in kinds or len(text) > DATELINE_CHARS or text.endswith(("!", "?")):
        return False
    opens = _DATELINE_LABEL.match(text.lstrip()) is not None
    if text.endswith(".") and not opens:
        return False  # a sentence ("The work ends on 30 June 2023."), unless a label opens it ("Posted: ... 10:11 pm CST.")
    rest, end, found = [], 0, False
    for printed in find_printed_dates(text):
        rest.append(text[end:printed.start])
        end, found = printed.end, True
    if not found:
        return False
    rest.append(_COMMENTS_NOTE.sub("", text[end:]))  # "... 05:00 (1 Kommentar)": the count of comments on the story
    words = len(_WORDS.findall(" ".join(rest)))
    return opens and words <= LABELLED_DATELINE_WORDS if labelled else words <= 3 or opens and words <= LABELLED_DATELINE_WORDS


# -- helpers -----------------------------------------------------------------------------------


# Slots of Box.counts, and the tags counted into them (embeds: video players only).
PARAGRAPHS, IMAGES, ITEMS, INPUTS, EMBEDS, HEADING_CHARS = range(6)
_NO_COUNTS = (0, 0, 0, 0, 0, 0)
_COUNTED = {
    "p": PARAGRAPHS, "img": IMAGES, "li": ITEMS, "iframe": EMBEDS, "video": EMBEDS,
    "h1": HEADING_CHARS, "h2": HEADING_CHARS, "h3": HEADING_CHARS, "h4": HEADING_CHARS,
    "h5": HEADING_CHARS, "h6": HEADING_CHARS,
}
_NO_ATTRS: dict[str, str | None] = {}
# Skipped (never walked) tags that still count: form controls and plugin embeds.
_SKIPPED_COUNTED = {"input": INPUTS, "select": INPUTS, "textarea": INPUTS, "embed": EMBEDS, "object": EMBEDS}
# Class/id words naming an author's box.
_AUTHOR_TOKENS = frozenset(("author", "authors", "writer"))


def _hidden_by_class(class_: str | None) -> bool:
    """Hidden by a CSS framework's utility class (``hidden``, ``d-none``, ``is-hidden``) that no
    responsive class shows again on wider screens (``d-none d-md-block``, ``hidden md:block``)."""
    if not class_ or "hid" not in class_ and "none" not in class_:
        return False
    names = class_.split()
    return any(n in _HIDDEN_CLASSES for n in names) and not any(":" in n or _SHOWN_AT.match(n) for n in names)


def _is_author_box(box: Box) -> bool:
    """Whether a class/id names the author (``author-box``, ``about-author``, ``writer-bio``); not the
    other byline words (``meta``, ``publish``: WordPress marks every post ``status-publish``)."""
    attrs_ = box.attributes
    class_, id_ = attrs_.get("class"), attrs_.get("id")
    named = f"{class_ or ''} {id_ or ''}".lower()
    if "author" not in named and "writer" not in named:  # most boxes: no need to split the words
        return False
    return any(t in _AUTHOR_TOKENS for t in vocabulary.tokens(class_, id_))


def _is_video(attrs_: dict[str, str | None]) -> bool:
    """A player from a video site: a block made of one of these and little text is not prose."""
    return bool(_VIDEO_HOSTS.search(attrs_.get("src") or attrs_.get("data-src") or attrs_.get("data") or ""))


def _count(box: Box, slot: int, amount: int) -> None:
    if box.counts is None:
        box.counts = [0, 0, 0, 0, 0, 0]
    box.counts[slot] += amount


def _count_commas(text: str) -> int:
    """Commas in any script (Latin, CJK, Arabic...): a sign of sentences rather than labels."""
    return len(_COMMA_RUN.findall(text))


def _ancestors(box: Box) -> list[Box]:
    out = []
    parent = box.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return out


def _up_to(box: Box, ancestor: Box) -> Iterable[Box]:
    """The ancestors of ``box`` up to ``ancestor``, which is included."""
    parent = box.parent
    while parent is not None:
        yield parent
        if parent is ancestor:
            return
        parent = parent.parent


def _inside(box: Box, tag: str) -> bool:
    parent = box.parent
    for _ in range(4):
        if parent is None:
            return False
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _is_data_table(node: LexborNode) -> bool:
    """A table of data (kept as a table block) rather than a layout grid: it says so with a caption,
    header cells, column groups or a summary, and does not disown it (``role=presentation``).

    Its size says nothing either way: counting rows and columns (ten rows, or more than four columns,
    make data) moved body F1 by +0.0002 on wcxb-dev (13 pages better) and -0.001 on
    readability-test-pages (a story laid out in a long table lost 14% of its text).
    """
    attrs_ = node.attributes
    if attrs_.get("role") == "presentation" or attrs_.get("datatable") == "0":
        return False
    return bool(attrs_.get("summary")) or node.css_first("caption, th, thead, tfoot, colgroup, col") is not None


def _component_class(class_: str | None) -> frozenset[str]:
    """An element's class names without those numbering an instance (``story-body-2``, ``part_3``);
    a hashed name (``fa265be5``) is the component's own."""
    return frozenset(name for name in (class_ or "").split() if not _INSTANCE_CLASS.search(name))


def _fold(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def _similar(a: str, b: str) -> bool:
    """Titles that are the same words, give or take a site name or a few words."""
    if not a or not b:
        return False
    if a == b or (a in b and len(a) >= 0.6 * len(b)) or (b in a and len(b) >= 0.6 * len(a)):
        return True
    words_a, words_b = a.split(), set(b.split())
    if not words_a:
        return False
    shared = sum(1 for w in words_a if w in words_b)
    return shared / max(len(words_a), len(words_b)) >= 0.75


# The longest block any test of _is_site_note takes (each has its own limit, defined above).
_SITE_NOTE_CHARS = max(DISCLOSURE_CHARS, AD_NOTE_CHARS, FOLLOW_NOTE_CHARS, CALL_NOTE_CHARS, APPEAL_CHARS, COOKIE_NOTE_CHARS,
                       RIGHTS_NOTICE_CHARS, DATELINE_CHARS)
