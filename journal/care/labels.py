"""A product label's text cut into its ingredients, as printed: pure text handling.

Commas, semicolons, bullets, sentence ends and new lines at the top level separate
ingredients, never inside parentheses nor in "5,000 units":

>>> split_label("INGREDIENTS: Aqua (Water, Eau) • Glycerin; Parfum.")
['Aqua (Water, Eau)', 'Glycerin', 'Parfum']

Headings ("Ingredients:", "Active ingredient(s):", "May contain"), the "Uses"/"Warnings"
sections of drug facts labels, footnotes and claims ("fragrance-free") are dropped, and each
item keeps the section it came from and whether a percentage was printed with it. No
knowledge file is read here: journal/care/ingredients.py matches these items to ingredient
classes.

No Qt here.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass


# -- splitting a label into ingredients ---------------------------------------------------
# Headings that start a part of the label. Case matters for the bare drug-facts section names
# in mid-line ("... acne Uses treats acne"), not for the ones at a line start or with a colon.
_SKIP_NAMES = (r"uses?|warnings?|directions(?:\s+for\s+use)?|other\s+information|questions"
               r"(?:\s+or\s+comments)?|do\s+not\s+use|stop\s+use(?:\s+and\s+ask\s+a\s+doctor)?"
               r"|when\s+using\s+this\s+product|keep\s+out\s+of\s+reach(?:\s+of\s+children)?"
               r"|ask\s+a\s+doctor|for\s+external\s+use\s+only|how\s+to\s+use|precautions?")
_HEADING_RE = re.compile(
    r"(?P<inactive>(?i:\b(?:inactive|other|non[- ]?medicinal)\s+ingredients?\b"
    r"(?:\s*\([^)]*\))?\s*:?|\binactive\s*:|\b(?:also\s+contains|(?:the\s+)?other\s+"
    r"ingredients\s+are|excipients?\s*:)))"
    r"|(?P<active>(?i:\b(?:active|medicinal)\s+ingredients?\b(?:\s*\([^)]*\))?\s*:?"
    r"|\bactive\s*:|\bthe\s+active\s+(?:substance|ingredient)s?\s+(?:is|are)\b))"
    r"|(?P<list>(?i:\b(?:ingredients?|ingr[eé]dients|inci)\b(?:\s*\([^)]*\))?\s*:?))"
    r"|(?P<maybe>(?i:[\[(]\s*(?:\+\s*/\s*-|\u00b1)\s*[\])]?\s*(?:may\s+contain\s*)?:?"
    r"|(?:\+\s*/\s*-|\u00b1)\s*(?:may\s+contain\b\s*:?|:|(?=c\.?\s?i\.?\s*\d{5}))"
    r"|\bmay\s+contain\s*(?:\(\s*(?:\+\s*/\s*-|\u00b1)\s*\))?\s*:))"
    r"|(?P<sep>(?i:\bdrug\s+facts(?:\s*\(continued\))?|\bpurposes?\b\s*:?"
    r"|\bcontains?\b(?!\s+no\b)\s*:?))"
    rf"|(?P<skip>(?m:^)[ \t\u2022*-]*(?i:(?:{_SKIP_NAMES})\b)|(?<=[.:;]\s)(?i:(?:{_SKIP_NAMES})\b)"
    r"|\b(?:Uses?|Warnings?|Directions|Other information|Questions\??|Do not use|Stop use"
    r"|When using|Keep out of reach|Ask a doctor|For external use only)\b"
    rf"|(?i:\b(?:{_SKIP_NAMES})\s*:))"
)
# Every heading above contains one of these: most labels (a bare INCI list) have none, and
# this one search is much faster than the heading pattern's.
_HEADING_HINT_RE = re.compile(
    r"(?i)ingr|inci|activ|contain|purpose|drug|\+\s*/|\u00b1|use|warning|direction"
    r"|information|question|reach|doctor|precaution|excipient|substance")
_PERCENT_RE = re.compile(r"[<>≤≥~]?\s*\d+(?:[.,]\d+)?\s*%(?:\s*(?:w/w|w/v|v/v)\b)?", re.I)
_QUANTITY_RE = re.compile(
    r"(?<![\w-])\d+(?:[.,]\d+)*\s*(?:mg|mcg|µg|micrograms?|g|iu|i\.u\.|units?|ml)\b"
    r"(?:\s*(?:per|/)\s*(?:g|gram|ml)\b)?", re.I)
_AMOUNT_RE = re.compile(f"{_PERCENT_RE.pattern}|{_QUANTITY_RE.pattern}", re.I)
_EMPTY_PARENS_RE = re.compile(r"[(\[]\s*[)\]]")
_BULLETS = str.maketrans({c: "\n" for c in "\u2022\u00b7\u25cf\u25aa\u25e6\u25a0|"})
_LEADERS_RE = re.compile(r"\.{3,}|\u2026+|_{3,}")
_AND_RE = re.compile(r"\s+and\s+", re.I)
# "Free from parabens, fragrance and alcohol." is a claim, not three ingredients.
_CLAIMS_RE = re.compile(r"(?i)\b(?:free\s+(?:from|of)|contains\s+no|no\s+added|formulated\s+"
                        r"without|made\s+without)\b[^.\n]*")
# The "Purpose" column of a drug facts label, run into the active ingredients.
_PURPOSE_RE = re.compile(
    r"(?i)\b(?:first\s+aid\s+antibiotic|(?:retinoid\s+)?acne\s+(?:treatment|medication)"
    r"|skin\s+protectant|sunscreen|external\s+analgesic|topical\s+analgesic|anti-?itch"
    r"|antifungal|antiseptic|astringent|anti-?dandruff|pain\s+reliever)\b")
_WRAP_RE = re.compile(r"([.,;:])?[ \t]*\n[ \t]*(?=\S)")
_KEEP_DOT = {"denat", "no", "ext", "extr", "aq", "alc"}
_CLAIM_FIRST = {"no", "not", "without", "zero", "nothing"}
_CLAIM_AFTER_NON = {"comedogenic", "acnegenic", "gmo", "irritating", "sensitising",
                    "sensitizing", "greasy", "toxic", "drying", "fragranced", "perfumed"}
_FOOTNOTE_WORDS = {"organic", "certified", "remains", "natural", "naturally", "derived",
                   "ingredient", "ingredients", "fair", "trade", "wild", "harvested", "farming",
                   "origin", "grown", "biodynamic", "ecocert", "cosmos", "vegan", "sustainably"}


@dataclass(frozen=True)
class _Item:
    text: str           # as shown: "Lactic Acid"
    section: str        # "list", "active", "inactive" or "maybe"
    percent: bool       # a percentage was printed with it


def split_label(label_text: str) -> list[str]:
    """The ingredients of a label as written, percentages and stray punctuation removed.

    Commas inside parentheses do not split ("Aqua (Water, Eau)" stays one ingredient).
    """
    return [item.text for item in _items(label_text or "")]


@functools.lru_cache(maxsize=4096)
def _items(label_text: str) -> tuple[_Item, ...]:
    items = []
    sections = _sections(label_text)
    drug_facts = any(section in ("active", "inactive") for section, _ in sections)
    for section, text in sections:
        for part in _split_section(text, drug_facts=drug_facts and section != "inactive",
                                   cut_after_amounts=section == "active"):
            tidy = _tidy(part)
            if tidy and not _is_claim(part, tidy) and not _is_footnote(part):
                items.append(_Item(tidy, section, "%" in part and bool(_PERCENT_RE.search(part))))
    return tuple(items)


def _sections(label_text: str) -> list[tuple[str, str]]:
    """The label as (section, text) parts; drug-facts sections other than ingredients dropped.

    A heading inside parentheses ("Sodium Hydroxide (may contain to adjust pH)") is no heading.
    """
    text = label_text.replace("\r\n", "\n").replace("\r", "\n").translate(_BULLETS)
    sections: list[tuple[str, str]] = []
    kind, start, depth, scanned = "list", 0, 0, 0
    headings = _HEADING_RE.finditer(text) if _HEADING_HINT_RE.search(text) else ()
    for heading in headings:
        for char in text[scanned:heading.start()]:
            depth += (char in "([") - (char in ")]")
        depth, scanned = max(depth, 0), heading.start()
        if depth > 0 or not _is_heading(text, heading):
            continue
        sections.append((kind, text[start:heading.start()]))
        if heading.lastgroup != "sep":
            kind = heading.lastgroup or kind
        start = heading.end()
    sections.append((kind, text[start:]))
    return [(kind, part) for kind, text in sections
            for kind, part in (_resumed_lists(text) if kind == "skip" else [(kind, text)])]


def _resumed_lists(skipped: str) -> list[tuple[str, str]]:
    """The lines of a skipped section ("Directions: apply nightly.") that are an ingredient
    list after all: five or more names on one line, so no ingredient is lost to a heading."""
    return [("list", line) for line in skipped.split("\n")
            if len(_LIST_COMMA_RE.findall(line)) >= 4]


def _is_heading(text: str, heading: re.Match) -> bool:
    """ "Inactive ingredients", "INGREDIENTS:" or one at a line start is a heading; "allergic
    to any of the ingredients" in a drug facts warning is not."""
    if heading.lastgroup not in ("list", "active", "inactive"):
        return True
    found = heading.group()
    line_start = text.rfind("\n", 0, heading.start()) + 1
    return (found.rstrip().endswith(":") or found[:1].isupper()
            or not text[line_start:heading.start()].strip(" \t-*"))


def _split_section(text: str, drug_facts: bool = False, cut_after_amounts: bool = False,
                   ) -> list[str]:
    """One section cut at its top-level separators."""
    if "..." in text or "\u2026" in text or "___" in text:
        text = _LEADERS_RE.sub("\n", text)
    folded = text.casefold()
    if "free " in folded or " no" in folded or "without" in folded:
        text = _CLAIMS_RE.sub("\n", text)
    if drug_facts:
        text = _PURPOSE_RE.sub("\n", text)
    top_level = _top_level_separators(text)
    if "\n" in text and sum(1 for i in top_level if text[i] in ",;") >= 2:
        # A comma-separated list: its line breaks are wraps, unless a line ends a sentence.
        text = _WRAP_RE.sub(lambda m: m.group() if m.group(1) else " ", text)
        top_level = _top_level_separators(text)
    parts, last = [], 0
    for i in top_level:
        parts.append(text[last:i])
        last = i + 1
    parts.append(text[last:])
    if _unbalanced(text):  # do not let one "(" swallow the rest of the list
        parts = re.split(r"(?<!\d),|,(?!\d)|[;\n]", text)
    if "*" in text or "\u2020" in text or "\u2021" in text:
        parts = [part for part in parts if not _is_footnote(part)]
    if " and " in folded or "\tand" in folded:
        parts = [p for part in parts for p in _split_and(part)]
    if cut_after_amounts:  # "Bacitracin 400 units First aid antibiotic Neomycin 3.5 mg ..."
        parts = [piece for part in parts for piece in _cut_after_amounts(part)]
    return parts


_LIST_COMMA_RE = re.compile(r"(?<!\d),|,(?!\d)")
_DIGIT_RE = re.compile(r"\d")
_TOLERANCE_RE = re.compile(r"\+\s*/\s*-|\u00b1")
_SEPARATOR_CANDIDATES_RE = re.compile(r"[,;\n.()\[\]]")


def _top_level_separators(text: str) -> list[int]:
    """Positions of commas, semicolons, new lines and sentence-ending dots outside brackets."""
    found, depth = [], 0
    n = len(text)
    for candidate in _SEPARATOR_CANDIDATES_RE.finditer(text):
        char, i = candidate.group(), candidate.start()
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            if char == "\n" or char == ";":
                found.append(i)
            elif char == ",":
                # "5,000 units" and "1,2-Hexanediol" are one ingredient
                if not (0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
                    found.append(i)
            elif _ends_sentence(text, i):
                found.append(i)
    return found


def _ends_sentence(text: str, i: int) -> bool:
    """A dot followed by a space and a capital, after a whole word ("Aqua. Glycerin"), not an
    abbreviation ("Alc. Denat.", "No. 27")."""
    rest = text[i + 1:i + 12].lstrip(" \t")
    if not text[i + 1:i + 2].isspace() or not rest or not (rest[0].isupper() or rest[0] == "*"):
        return False
    before = re.search(r"[\w%)\]*]+$", text[:i])
    return bool(before) and (len(before.group()) >= 4 or before.group()[-1] in "%)]*")


def _split_and(part: str) -> list[str]:
    """ "white soft paraffin and hydrochloric acid" (UK leaflets) -> two; "(and)" is a blend."""
    if " and " not in part.casefold() and "\tand" not in part:
        return [part]
    pieces, last = [], 0
    for found in _AND_RE.finditer(part):
        before = part[:found.start()]
        if before.count("(") + before.count("[") == before.count(")") + before.count("]"):
            pieces.append(part[last:found.start()])
            last = found.end()
    pieces.append(part[last:])
    return pieces


def _drop_unmatched_closers(text: str) -> str:
    """ "Iron Oxides]" (the end of a "[+/- ...]" list) -> "Iron Oxides"."""
    out, depth = [], 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            if depth == 0:
                continue
            depth -= 1
        out.append(char)
    return "".join(out)


def _unbalanced(text: str) -> bool:
    return text.count("(") + text.count("[") > text.count(")") + text.count("]")


def _cut_after_amounts(part: str) -> list[str]:
    pieces, last = [], 0
    for amount in _AMOUNT_RE.finditer(part):
        before = part[:amount.start()]
        if (re.match(r"\s*[^\W\d_]", part[amount.end():])
                and before.count("(") + before.count("[") == before.count(")") + before.count("]")):
            pieces.append(part[last:amount.end()])
            last = amount.end()
    pieces.append(part[last:])
    return pieces


def _tidy(part: str) -> str:
    item = _AMOUNT_RE.sub(" ", part) if _DIGIT_RE.search(part) else part
    if "+" in item or "\u00b1" in item:  # a tolerance: "Glycerin +/- 0.5%"
        item = _TOLERANCE_RE.sub(" ", item)
    if "(" in item or "[" in item or ")" in item or "]" in item:
        item = _drop_unmatched_closers(_EMPTY_PARENS_RE.sub(" ", item))
    # "Olive* Oils": the asterisk is a footnote mark
    item = " ".join(item.replace("*", " ").split()).strip(" .,;:-\u2013\u2020\u2021")
    if not item:
        return ""
    # "Alcohol Denat." keeps its dot; "Parfum." at the end of a list loses it.
    if part.rstrip().endswith(".") and _words(item)[-1:] and _words(item)[-1] in _KEEP_DOT:
        item += "."
    return item if any(c.isalnum() for c in item) else ""


def _is_claim(part: str, tidy: str) -> bool:
    """ "Fragrance-free", "free from parabens", "No parfum", "0% alcohol", "Retinol-free"."""
    folded = tidy.casefold()
    if not ("free" in folded or "without" in folded or folded[:1] in ("n", "w", "z")
            or part.lstrip()[:1] == "0"):
        return False
    words = _words(tidy)
    return ("free" in words or "without" in words or words[0] in _CLAIM_FIRST
            or (words[0] == "non" and words[1:2] and words[1] in _CLAIM_AFTER_NON)
            or (part.lstrip()[:1] == "0" and bool(re.match(r"\s*0\s*%", part))))


def _is_footnote(part: str) -> bool:
    """ "*Certified organic", "**None remains after saponifying oils into soap"."""
    stripped = part.lstrip()
    return stripped[:1] in ("*", "\u2020", "\u2021") and not _FOOTNOTE_WORDS.isdisjoint(
        _words(stripped))

# -- words (matching reads ingredients the same way) --------------------------------------
_WORD_RE = re.compile(r"[a-z0-9]+|\*")


def _words(text: str) -> list[str]:
    # "ß" and accents are rare on INCI lists; casefold keeps it simple and safe.
    return _WORD_RE.findall(text.casefold())
