"""Ingredient lists as printed on labels, matched to ingredient classes.

The classes and their label names live in ``resources/ingredients.toml``; this
module reads them once, checks them, and matches label text against them:

>>> flag_summary("Aqua, Retinol, Retinyl Palmitate, Parfum")
'retinoid (Retinol, Retinyl Palmitate); fragrance (Parfum)'

A label is first cut into ingredients by journal/care/labels.py (commas, semicolons,
bullets, sentence ends and new lines at the top level; headings, drug facts sections,
footnotes and claims dropped). Matching then works on whole words of each
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

from journal.care.labels import _Item, _items, _words
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


# -- matching -----------------------------------------------------------------------------
# Words a label may put before a name listed as `exact`: "Organic ..." is read without them too.
_FILLERS = {"organic", "certified", "natural", "bio", "pure"}
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
