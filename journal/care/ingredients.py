"""Ingredient lists as printed on labels, matched to ingredient classes.

The classes and their label names live in ``resources/ingredients.toml``; this
module reads them once, checks them, and matches label text against them:

>>> flag_summary("Aqua, Retinol, Retinyl Palmitate, Parfum")
'retinoid (Retinol, Retinyl Palmitate); fragrance (Parfum)'

A label is first cut into ingredients (commas, semicolons, bullets, sentence ends
and new lines at the top level; never inside parentheses nor in "5,000 units"),
with headings, the "Uses"/"Warnings" sections of drug facts labels, footnotes and
claims ("fragrance-free") dropped. Matching then works on whole words of each
ingredient, with case, punctuation, percentages, quantities and parentheses
ignored. So "Cocos Nucifera (Coconut) Oil" is coconut oil, "Glycolic Acid 7%" is
glycolic acid, and "Cetearyl Alcohol" is not drying alcohol (that name is listed
as ``exact``). Then the label as a whole is judged: citric acid low on a list only
sets the pH, the oils of a soap are not pore-clogging, benzyl alcohol alone is a
preservative (see the header of ingredients.toml for the rules and why).

No Qt here: the tips, trends, report and CLI all use it.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from journal.resources import resource_path

RESOURCES = resource_path("")  # the resource folder (journal/resources.py finds it)
INGREDIENTS_FILE = RESOURCES / "ingredients.toml"

# How many leading ingredients count as "high on the list" for `weak` names.
WEAK_POSITION_LIMIT = 5


class KnowledgeError(ValueError):
    """A resource file (ingredients.toml, tips.toml) is malformed; the message names the entry."""


@dataclass(frozen=True)
class IngredientMatch:
    """One ingredient of a label that belongs to an ingredient class."""
    class_id: str      # "retinoid", "aha", "drying_alcohol", ...
    class_name: str    # the words shown to a person: "retinoid", "alpha-hydroxy acid"
    ingredient: str    # the name as written on the label: "Retinyl Palmitate"
    caution: bool      # False for soothing/barrier classes and lanolin


Pattern = tuple[str, ...]


@dataclass(frozen=True)
class IngredientClass:
    """One class from ingredients.toml, with its names as word patterns."""
    id: str
    name: str
    caution: bool
    names: tuple[Pattern, ...]
    exact: tuple[Pattern, ...]
    weak: tuple[Pattern, ...]
    sources: tuple[str, ...]
    note: str = ""
    supporting: tuple[Pattern, ...] = ()
    excluded: tuple[Pattern, ...] = ()   # `not` in the file
    part_of: str = ""
    skip_in_soap: bool = False
    timing: str = ""


@dataclass(frozen=True)
class LabelContext:
    """The [context] table: word patterns that judge a label as a whole."""
    low_dose_markers: tuple[Pattern, ...] = ()
    ph_adjuster: tuple[Pattern, ...] = ()
    soap_words: tuple[Pattern, ...] = ()
    soap_salts: tuple[Pattern, ...] = ()
    soap_alkalis: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    classes: dict[str, IngredientClass]
    context: LabelContext
    sources: dict[str, str]


# -- loading -----------------------------------------------------------------------------
_CLASS_KEYS = {"id", "name", "caution", "names", "exact", "weak", "supporting", "not",
               "part_of", "skip_in_soap", "timing", "sources", "note"}
_CONTEXT_KEYS = {"low_dose_markers", "ph_adjuster", "soap_words", "soap_salts", "soap_alkalis"}
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_SOURCE_ID_RE = re.compile(r"^[A-Z][A-Z0-9-]*$")


def read_knowledge_file(path: Path, allowed_keys: set[str]) -> dict:
    """Parse a TOML knowledge file; KnowledgeError for unreadable, invalid or unknown keys."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KnowledgeError(f"{path.name}: cannot read it: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{path.name}: not valid TOML: {exc}") from None
    unknown = set(data) - allowed_keys
    if unknown:
        raise KnowledgeError(f"{path.name}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    return data


def load_knowledge(path: Path | str = INGREDIENTS_FILE) -> Knowledge:
    """Read and check an ingredients file; KnowledgeError names the bad class and field."""
    path = Path(path)
    data = read_knowledge_file(path, allowed_keys={"class", "context", "sources"})
    raw_classes = data.get("class")
    if not isinstance(raw_classes, list) or not raw_classes:
        raise KnowledgeError(f"{path.name}: needs at least one [[class]]")
    classes: dict[str, IngredientClass] = {}
    for index, raw in enumerate(raw_classes, start=1):
        label = f"{path.name}: class #{index}"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            label = f"{path.name}: class {raw['id']!r}"
        klass = _check_class(raw, label)
        if klass.id in classes:
            raise KnowledgeError(f"{label}: the id is used twice")
        if klass.part_of and klass.part_of not in classes:
            raise KnowledgeError(
                f"{label}: part_of {klass.part_of!r} is not a class defined above it")
        classes[klass.id] = klass
    return Knowledge(classes, _check_context(data.get("context", {}), path.name),
                     _check_sources(data.get("sources", {}), path.name))


def load_classes(path: Path | str = INGREDIENTS_FILE) -> dict[str, IngredientClass]:
    """The classes of an ingredients file, checked (see load_knowledge)."""
    return load_knowledge(path).classes


def _patterns(values, label: str, key: str, wildcards: bool = True) -> tuple[Pattern, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise KnowledgeError(f"{label}: {key!r} must be a list of non-empty strings")
    compiled = []
    for name in values:
        words = _words(name.replace("*", " * "))
        if not words or words[0] == "*" or words[-1] == "*":
            raise KnowledgeError(f"{label}: {key} entry {name!r} is not a usable name")
        if not wildcards and "*" in words:
            raise KnowledgeError(f"{label}: {key} entry {name!r} cannot use '*'")
        compiled.append(tuple(words))
    return tuple(compiled)


def _check_class(raw, label: str) -> IngredientClass:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{label}: must be a table")
    unknown = set(raw) - _CLASS_KEYS
    if unknown:
        raise KnowledgeError(f"{label}: unknown key(s): {', '.join(sorted(unknown))}")
    for key in ("id", "name"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise KnowledgeError(f"{label}: {key!r} must be a non-empty string")
    if not _ID_RE.match(raw["id"]):
        raise KnowledgeError(f"{label}: 'id' must be lower-case letters, digits and _")
    for key in ("caution", "skip_in_soap"):
        if not isinstance(raw.get(key, False), bool) or (key == "caution" and key not in raw):
            raise KnowledgeError(f"{label}: {key!r} must be true or false")
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(v, str) and v.strip() for v in sources):
        raise KnowledgeError(f"{label}: 'sources' must be a list of non-empty strings")
    patterns = {key: _patterns(raw.get(key, []), label, key, wildcards=key != "exact")
                for key in ("names", "exact", "weak", "supporting", "not")}
    if not (patterns["names"] or patterns["exact"] or patterns["weak"]):
        raise KnowledgeError(f"{label}: needs at least one name in 'names', 'exact' or 'weak'")
    text = {}
    for key in ("note", "timing", "part_of"):
        value = raw.get(key, "")
        if not isinstance(value, str):
            raise KnowledgeError(f"{label}: {key!r} must be a string")
        text[key] = " ".join(value.split())
    if text["part_of"] == raw["id"]:
        raise KnowledgeError(f"{label}: a class cannot be part_of itself")
    return IngredientClass(
        id=raw["id"], name=raw["name"].strip(), caution=raw["caution"],
        names=patterns["names"], exact=patterns["exact"], weak=patterns["weak"],
        sources=tuple(sources), note=text["note"], supporting=patterns["supporting"],
        excluded=patterns["not"], part_of=text["part_of"],
        skip_in_soap=raw.get("skip_in_soap", False), timing=text["timing"],
    )


def _check_context(raw, file_name: str) -> LabelContext:
    label = f"{file_name}: [context]"
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{label} must be a table")
    unknown = set(raw) - _CONTEXT_KEYS
    if unknown:
        raise KnowledgeError(f"{label}: unknown key(s): {', '.join(sorted(unknown))}")
    return LabelContext(**{key: _patterns(raw.get(key, []), label, key, wildcards=False)
                           for key in _CONTEXT_KEYS})


def _check_sources(raw, file_name: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{file_name}: [sources] must be a table")
    for key, value in raw.items():
        if not _SOURCE_ID_RE.match(key) or not isinstance(value, str) or not value.strip():
            raise KnowledgeError(f"{file_name}: [sources] {key!r} must be an upper-case id "
                                 f"with a non-empty description")
    return dict(raw)


@functools.cache
def knowledge() -> Knowledge:
    """resources/ingredients.toml, loaded and checked once."""
    return load_knowledge(INGREDIENTS_FILE)


def ingredient_classes() -> dict[str, IngredientClass]:
    """The classes from resources/ingredients.toml, loaded and checked once, in file order."""
    return knowledge().classes


def ingredient_sources() -> dict[str, str]:
    """The [sources] of ingredients.toml: references only the ingredient knowledge cites
    (the others are in tips.toml)."""
    return knowledge().sources


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
_FILLERS = {"organic", "certified", "natural", "bio", "pure"}


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


# -- matching -----------------------------------------------------------------------------
_WORD_RE = re.compile(r"[a-z0-9]+|\*")


def _words(text: str) -> list[str]:
    # "ß" and accents are rare on INCI lists; casefold keeps it simple and safe.
    return _WORD_RE.findall(text.casefold())


_VARIANT_SEPARATORS = (re.compile(r"\(\s*and\s*\)", re.I), re.compile(r"\s&\s"),
                       re.compile(r"[/\\]"))
_BRACKETED_RE = re.compile(r"[(\[][^)\]]*[)\]]")


def _variants(item: str) -> list[Pattern]:
    """The word sequences an ingredient can be read as.

    "Cocos Nucifera (Coconut) Oil" -> "cocos nucifera coconut oil", "cocos nucifera oil",
    "coconut"; "Parfum/Fragrance" adds "parfum" and "fragrance"; blends written
    "A (and) B" add A and B.
    """
    if not any(mark in item for mark in "([/&\\"):  # most ingredients: one plain reading
        words = tuple(w for w in _words(item) if w != "*")
        return [words] if words else []
    found: list[Pattern] = []

    def add(text: str) -> None:
        words = tuple(w for w in _words(text) if w != "*")
        if words and words not in found:
            found.append(words)

    pieces = [item]
    for separator in _VARIANT_SEPARATORS:
        pieces = [p for piece in pieces for p in separator.split(piece)]
    for text in [item, *pieces]:
        add(text)
        if "(" in text or "[" in text:
            add(_BRACKETED_RE.sub(" ", text))
            for inner in _BRACKETED_RE.findall(text):
                add(inner[1:-1])
    return found


def _contains(words: Pattern, pattern: Pattern) -> bool:
    """True if `pattern` (with "*" = any run of words) occurs as whole words in `words`."""
    return any(_match_at(words, i, pattern) for i in range(len(words) - len(pattern) + 1
                                                             + pattern.count("*")))


def _match_at(words: Pattern, i: int, pattern: Pattern) -> bool:
    if not pattern:
        return True
    if pattern[0] == "*":
        return any(_match_at(words, j, pattern[1:]) for j in range(i, len(words) + 1))
    return i < len(words) and words[i] == pattern[0] and _match_at(words, i + 1, pattern[1:])


class _Index:
    """Every pattern of every class, for look-ups by word run: built once per knowledge.

    A plain pattern (no "*") occurs in an ingredient exactly when it is one of the runs of
    consecutive words of one of its readings, so most tests are dictionary look-ups; a pattern
    with "*" is tried only on ingredients that contain its first word.
    """

    def __init__(self, know: Knowledge):
        self.plain: dict[Pattern, list[tuple[str, str]]] = {}
        self.wild: dict[str, list[tuple[str, str, Pattern]]] = {}
        self.exact: dict[Pattern, list[str]] = {}
        kinds = ("names", "weak", "supporting", "excluded")
        for klass in know.classes.values():
            for kind in kinds:
                for pattern in getattr(klass, kind):
                    if "*" in pattern:
                        self.wild.setdefault(pattern[0], []).append((klass.id, kind, pattern))
                    else:
                        self.plain.setdefault(pattern, []).append((klass.id, kind))
            for pattern in klass.exact:
                self.exact.setdefault(pattern, []).append(klass.id)
        ctx = know.context
        self.context = {name: frozenset(getattr(ctx, name)) for name in _CONTEXT_KEYS}
        self.starts = frozenset(p[0] for p in (*self.plain, *self.exact)) | frozenset(
            p[0] for name in _CONTEXT_KEYS for p in getattr(ctx, name))
        self.longest = max([len(p) for p in (*self.plain, *self.exact)]
                           + [len(p) for name in _CONTEXT_KEYS for p in getattr(ctx, name)]
                           + [1])

    def runs(self, variants: list[Pattern]) -> set[Pattern]:
        """The runs of consecutive words that start with the first word of some pattern."""
        longest, starts = self.longest, self.starts
        return {v[i:j] for v in variants for i, word in enumerate(v) if word in starts
                for j in range(i + 1, min(len(v), i + longest) + 1)}

    def kinds(self, variants: list[Pattern], runs: set[Pattern]) -> dict[str, set[str]]:
        """class id -> the kinds of names ("names", "exact", "weak", ...) found in an item."""
        found: dict[str, set[str]] = {}
        for run in runs:
            for class_id, kind in self.plain.get(run, ()):
                found.setdefault(class_id, set()).add(kind)
        for word in {w for v in variants for w in v}:
            for class_id, kind, pattern in self.wild.get(word, ()):
                if any(_contains(v, pattern) for v in variants):
                    found.setdefault(class_id, set()).add(kind)
        for variant in variants:
            for candidate in (variant, _without_fillers(variant)):
                for class_id in self.exact.get(candidate, ()):
                    found.setdefault(class_id, set()).add("exact")
        return found


def _without_fillers(words: Pattern) -> Pattern:
    i = 0
    while i < len(words) - 1 and words[i] in _FILLERS:
        i += 1
    return words[i:]


@functools.cache
def _index() -> _Index:
    return _Index(knowledge())


@functools.lru_cache(maxsize=4096)
def _match_cached(label_text: str) -> tuple[IngredientMatch, ...]:
    know, index = knowledge(), _index()
    classes = know.classes
    items = _items(label_text)
    analysed = []   # (item, variants, runs, {class id: kinds})
    for item in items:
        variants = _variants(item.text)
        runs = index.runs(variants)
        analysed.append((item, runs, index.kinds(variants, runs)))

    ctx = index.context
    position_list = [a for a in analysed if a[0].section in ("list", "active", "inactive")]
    first_low_dose = next((i for i, (_, runs, _) in enumerate(position_list)
                           if not runs.isdisjoint(ctx["low_dose_markers"])), len(position_list))
    position = {id(a[0]): i for i, a in enumerate(position_list)}
    soap = _is_soap(label_text, position_list, ctx)

    def weak_counts(item: _Item, runs: set[Pattern]) -> bool:
        if item.percent:
            return True
        at = position.get(id(item))
        return (at is not None and at < WEAK_POSITION_LIMIT and at < first_low_dose
                and item.section != "inactive" and runs.isdisjoint(ctx["ph_adjuster"]))

    # class id -> per item index: counted through its own names (not `supporting` ones)
    per_item: list[set[str]] = []
    supporting: list[set[str]] = []
    for item, runs, found in analysed:
        hits, maybe = set(), set()
        for class_id, kinds in found.items():
            klass = classes[class_id]
            if "excluded" in kinds or (soap and klass.skip_in_soap):
                continue
            if ("names" in kinds or "exact" in kinds
                    or ("weak" in kinds and weak_counts(item, runs))):
                hits.add(class_id)
            elif "supporting" in kinds:
                maybe.add(class_id)
        per_item.append(hits)
        supporting.append(maybe)
    for i, maybe in enumerate(supporting):
        for class_id in maybe:
            if any(class_id in hits for j, hits in enumerate(per_item) if j != i):
                per_item[i].add(class_id)

    matches: list[IngredientMatch] = []
    seen: set[tuple[str, str]] = set()
    for (item, _, _), hits in zip(analysed, per_item):
        for class_id in list(hits):
            parent = classes[class_id].part_of
            while parent:
                hits.add(parent)
                parent = classes[parent].part_of
        for klass in classes.values():
            if klass.id in hits and (klass.id, item.text) not in seen:
                seen.add((klass.id, item.text))
                matches.append(IngredientMatch(klass.id, klass.name, item.text, klass.caution))
    return tuple(matches)


def _is_soap(label_text: str, position_list, ctx) -> bool:
    """Saponified oils, a soap salt high on the list, or lye just after an oil (castile soap)."""
    if not ctx["soap_words"].isdisjoint((w,) for w in _words(label_text)):
        return True
    for at, (item, runs, _) in enumerate(position_list[:WEAK_POSITION_LIMIT]):
        if not runs.isdisjoint(ctx["soap_salts"]):
            return True
        if not runs.isdisjoint(ctx["soap_alkalis"]) and any(
                {"oil", "oils", "butter"} & set(_words(earlier.text))
                for earlier, _, _ in position_list[:at]):
            return True
    return False


def match_ingredients(label_text: str) -> list[IngredientMatch]:
    """Every ingredient of the label that belongs to a class, in label order.

    An ingredient may belong to more than one class; each (class, ingredient) pair
    appears once. An ingredient of a class that is `part_of` another (a prescription
    retinoid) is reported in both. Results are cached by label text, so calling this
    for every product on every keystroke is cheap.
    """
    return list(_match_cached(label_text or ""))


def caution_classes(label_text: str) -> set[str]:
    """The ids of the caution classes (everything but soothing/barrier) found in the label."""
    return {m.class_id for m in _match_cached(label_text or "") if m.caution}


def grouped_flags(label_text: str, include_soothing: bool = False,
                  ) -> list[tuple[IngredientClass, list[str]]]:
    """The flagged classes of a label with their ingredients, in class order.

    An ingredient shown under a narrower class ("prescription retinoid") is not repeated
    under the wider one ("retinoid"); a class left with no ingredient is left out. For lists
    shown to a person (the product list, the report); rules use match_ingredients().
    """
    classes = ingredient_classes()
    by_class: dict[str, list[str]] = {}
    narrower: set[tuple[str, str]] = set()
    for match in _match_cached(label_text or ""):
        if match.caution or include_soothing:
            by_class.setdefault(match.class_id, []).append(match.ingredient)
            if classes[match.class_id].part_of:
                narrower.add((classes[match.class_id].part_of, match.ingredient))
    grouped = []
    for cid, klass in classes.items():
        names = [n for n in by_class.get(cid, ()) if (cid, n) not in narrower]
        if names:
            grouped.append((klass, names))
    return grouped


def flag_summary(label_text: str, include_soothing: bool = False) -> str:
    """A one-line summary of the flagged classes, in class order; '' if there are none.

    >>> flag_summary("Retinol, Retinyl Palmitate, Parfum")
    'retinoid (Retinol, Retinyl Palmitate); fragrance (Parfum)'
    >>> flag_summary("Tretinoin 0.025%, Retinol")
    'retinoid (Retinol); prescription retinoid (Tretinoin)'
    """
    return "; ".join(f"{klass.name} ({', '.join(names)})"
                     for klass, names in grouped_flags(label_text, include_soothing))
