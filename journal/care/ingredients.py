"""Ingredient lists as printed on labels, matched to ingredient classes.

The classes and their label names live in ``resources/ingredients.toml``; this
module reads them once, checks them, and matches label text against them:

>>> flag_summary("Aqua, Retinol, Retinyl Palmitate, Parfum")
'retinoid (Retinol, Retinyl Palmitate); fragrance (Parfum)'

Matching works on whole words after the label has been split into ingredients
(commas at the top level, semicolons, bullets, new lines), with case,
punctuation, percentages and parentheses ignored. So "Cocos Nucifera (Coconut)
Oil" is coconut oil, "Glycolic Acid 7%" is glycolic acid, and "Cetearyl
Alcohol" is not drying alcohol (that name is listed as ``exact``).

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
    caution: bool      # False only for soothing/barrier classes


@dataclass(frozen=True)
class IngredientClass:
    """One class from ingredients.toml, with its names as word patterns."""
    id: str
    name: str
    caution: bool
    names: tuple[tuple[str, ...], ...]
    exact: tuple[tuple[str, ...], ...]
    weak: tuple[tuple[str, ...], ...]
    sources: tuple[str, ...]
    note: str = ""


# -- loading -----------------------------------------------------------------------------
_CLASS_KEYS = {"id", "name", "caution", "names", "exact", "weak", "sources", "note"}
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


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


def load_classes(path: Path | str = INGREDIENTS_FILE) -> dict[str, IngredientClass]:
    """Read and check an ingredients file; KnowledgeError names the bad class and field."""
    path = Path(path)
    data = read_knowledge_file(path, allowed_keys={"class"})
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
        classes[klass.id] = klass
    return classes


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
    if not isinstance(raw.get("caution"), bool):
        raise KnowledgeError(f"{label}: 'caution' must be true or false")
    lists = {}
    for key in ("names", "exact", "weak", "sources"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise KnowledgeError(f"{label}: {key!r} must be a list of non-empty strings")
        lists[key] = value
    if not (lists["names"] or lists["exact"] or lists["weak"]):
        raise KnowledgeError(f"{label}: needs at least one name in 'names', 'exact' or 'weak'")
    patterns = {}
    for key in ("names", "exact", "weak"):
        compiled = []
        for name in lists[key]:
            words = _words(name.replace("*", " * "))
            if not words or all(w == "*" for w in words) or words[0] == "*" or words[-1] == "*":
                raise KnowledgeError(f"{label}: {key} entry {name!r} is not a usable name")
            if key == "exact" and "*" in words:
                raise KnowledgeError(f"{label}: exact entry {name!r} cannot use '*'")
            compiled.append(tuple(words))
        patterns[key] = tuple(compiled)
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise KnowledgeError(f"{label}: 'note' must be a string")
    return IngredientClass(
        id=raw["id"], name=raw["name"].strip(), caution=raw["caution"],
        names=patterns["names"], exact=patterns["exact"], weak=patterns["weak"],
        sources=tuple(lists["sources"]), note=note.strip(),
    )


@functools.cache
def ingredient_classes() -> dict[str, IngredientClass]:
    """The classes from resources/ingredients.toml, loaded and checked once, in file order."""
    return load_classes(INGREDIENTS_FILE)


# -- splitting a label into ingredients ---------------------------------------------------
_HEADING_RE = re.compile(
    r"(?i)\b(?:(?:active|inactive|other)\s+ingredients?|active|inactive|ingredients?)"
    r"\s*(?:\([^)]*\))?\s*:"
    r"|\bmay\s+contain\s*(?:\(\s*\+\s*/\s*-\s*\))?\s*:?"
)
_PERCENT_RE = re.compile(r"[<>≤≥~]?\s*\d+(?:[.,]\d+)?\s*%")
_EMPTY_PARENS_RE = re.compile(r"[(\[]\s*[)\]]")
_KEEP_DOT = {"denat", "no", "ext", "extr", "aq"}


def split_label(label_text: str) -> list[str]:
    """The ingredients of a label as written, percentages and stray punctuation removed.

    Commas inside parentheses do not split ("Aqua (Water, Eau)" stays one ingredient).
    """
    return [item for item in map(_tidy, _split_raw(label_text)) if item]


def _split_raw(label_text: str) -> list[str]:
    """The label cut at top-level separators, untouched otherwise (percentages kept)."""
    text = _HEADING_RE.sub(",", label_text or "")
    text = text.replace("\u2022", ",").replace("\u00b7", ",").replace("|", ",")
    parts: list[str] = []
    depth, current = 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and char in ",;\n\r":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    if depth > 0:  # unbalanced brackets: do not let one "(" swallow the rest of the list
        parts = re.split(r"[,;\n\r]", text)
    return parts


def _tidy(part: str) -> str:
    item = _PERCENT_RE.sub(" ", part)
    item = _EMPTY_PARENS_RE.sub(" ", item)
    item = " ".join(item.split()).strip(" .,;:*-\u2013")
    if not item:
        return ""
    # "Alcohol Denat." keeps its dot; "Parfum." at the end of a list loses it.
    if part.rstrip().endswith(".") and _words(item)[-1:] and _words(item)[-1] in _KEEP_DOT:
        item += "."
    return item if any(c.isalnum() for c in item) else ""


# -- matching -----------------------------------------------------------------------------
_WORD_RE = re.compile(r"[a-z0-9]+|\*")


def _words(text: str) -> list[str]:
    # "ß" and accents are rare on INCI lists; casefold keeps it simple and safe.
    return _WORD_RE.findall(text.casefold())


def _variants(item: str) -> list[tuple[str, ...]]:
    """The word sequences an ingredient can be read as.

    "Cocos Nucifera (Coconut) Oil" -> "cocos nucifera coconut oil", "cocos nucifera oil",
    "coconut"; "Parfum/Fragrance" adds "parfum" and "fragrance"; blends written
    "A (and) B" add A and B.
    """
    if not any(mark in item for mark in "([/&"):  # most ingredients: one plain reading
        words = tuple(_words(item))
        return [words] if words else []
    found: list[tuple[str, ...]] = []

    def add(text: str) -> None:
        words = tuple(_words(text))
        if words and words not in found:
            found.append(words)

    pieces = [item]
    for separator in (r"\(\s*and\s*\)", r"\s&\s", "/"):
        pieces = [p for piece in pieces for p in re.split(separator, piece, flags=re.I)]
    for text in [item, *pieces]:
        add(text)
        add(re.sub(r"[(\[][^)\]]*[)\]]", " ", text))
        for inner in re.findall(r"[(\[]([^)\]]*)[)\]]", text):
            add(inner)
    return found


def _contains(words: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """True if `pattern` (with "*" = any run of words) occurs as whole words in `words`."""
    return any(_match_at(words, i, pattern) for i in range(len(words) - len(pattern) + 1
                                                             + pattern.count("*")))


def _match_at(words: tuple[str, ...], i: int, pattern: tuple[str, ...]) -> bool:
    if not pattern:
        return True
    if pattern[0] == "*":
        return any(_match_at(words, j, pattern[1:]) for j in range(i, len(words) + 1))
    return i < len(words) and words[i] == pattern[0] and _match_at(words, i + 1, pattern[1:])


@functools.lru_cache(maxsize=None)
def _plain_and_wild(patterns: tuple[tuple[str, ...], ...]):
    """A class's patterns split into a set of plain word runs and the ones with "*"."""
    return (frozenset(p for p in patterns if "*" not in p),
            tuple(p for p in patterns if "*" in p))


def _all_starts(classes: dict[str, IngredientClass]) -> frozenset[tuple[str, ...]]:
    """Word runs at least one of which an ingredient must contain to match any class:
    every plain or exact name, and the first word of each name with "*"."""
    if _starts_cache.get("classes") is not classes:
        runs = set()
        for klass in classes.values():
            for pattern in (*klass.names, *klass.exact, *klass.weak):
                runs.add(pattern[:1] if "*" in pattern else pattern)
        _starts_cache.update(classes=classes, runs=frozenset(runs))
    return _starts_cache["runs"]


_starts_cache: dict = {}


def _occurs(patterns, variants, runs) -> bool:
    """True if any pattern occurs as whole words in any variant (same as `_contains`)."""
    plain, wild = _plain_and_wild(patterns)
    return (not plain.isdisjoint(runs)
            or any(_contains(v, p) for v in variants for p in wild))


@functools.lru_cache(maxsize=4096)
def _match_cached(label_text: str) -> tuple[IngredientMatch, ...]:
    classes = ingredient_classes()
    items = split_label(label_text)
    # Percentages are stripped from the items; keep a parallel record of which had one.
    with_percent = {i for i, item in enumerate(_raw_items(label_text)) if _PERCENT_RE.search(item)}
    matches: list[IngredientMatch] = []
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(items):
        variants = _variants(item)
        # Every run of consecutive words of every variant: a plain name (no "*") occurs in
        # some variant exactly when it is one of these, so most tests are set look-ups.
        runs = {v[i:j] for v in variants for i in range(len(v)) for j in range(i + 1, len(v) + 1)}
        if runs.isdisjoint(_all_starts(classes)):
            continue  # most ingredients belong to no class: one look-up says so
        whole = set(variants)
        high_on_list = index < WEAK_POSITION_LIMIT or index in with_percent
        for klass in classes.values():
            hit = (
                _occurs(klass.names, variants, runs)
                or not whole.isdisjoint(klass.exact)
                or (high_on_list and _occurs(klass.weak, variants, runs))
            )
            if hit and (klass.id, item) not in seen:
                seen.add((klass.id, item))
                matches.append(IngredientMatch(klass.id, klass.name, item, klass.caution))
    return tuple(matches)


def _raw_items(label_text: str) -> list[str]:
    """The raw parts that survive tidying: aligned one to one with split_label()."""
    return [part for part in _split_raw(label_text) if _tidy(part)]


def match_ingredients(label_text: str) -> list[IngredientMatch]:
    """Every ingredient of the label that belongs to a class, in label order.

    An ingredient may belong to more than one class; each (class, ingredient) pair
    appears once. Results are cached by label text, so calling this for every
    product on every keystroke is cheap.
    """
    return list(_match_cached(label_text or ""))


def caution_classes(label_text: str) -> set[str]:
    """The ids of the caution classes (everything but soothing/barrier) found in the label."""
    return {m.class_id for m in _match_cached(label_text or "") if m.caution}


def flag_summary(label_text: str, include_soothing: bool = False) -> str:
    """A one-line summary of the flagged classes, in class order; '' if there are none.

    >>> flag_summary("Retinol, Retinyl Palmitate, Parfum")
    'retinoid (Retinol, Retinyl Palmitate); fragrance (Parfum)'
    """
    by_class: dict[str, list[str]] = {}
    for match in _match_cached(label_text or ""):
        if match.caution or include_soothing:
            by_class.setdefault(match.class_id, []).append(match.ingredient)
    classes = ingredient_classes()
    return "; ".join(
        f"{classes[cid].name} ({', '.join(names)})"
        for cid in classes if cid in by_class
        for names in [by_class[cid]]
    )
