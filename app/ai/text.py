"""Text repair and one-pass phrase matching shared by the analyser's modules."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

# Longer input is cut here so the analyser's time stays bounded whatever it is given.
MAX_CHARS = 200_000

# Control and zero-width characters, and lone surrogates (which no UTF-8 encoder accepts).
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2028\u2029\ufeff\ud800-\udfff]"
)
# U+FFFD inside a word was an apostrophe ("Bachelor�s"); elsewhere, runs like "�?�" were bullets.
_DAMAGED_APOSTROPHE = re.compile(r"(?<=[A-Za-z])[\ufffd?]*\ufffd[\ufffd?]*(?=[A-Za-z])")
_DAMAGED_BULLET = re.compile(r"[\ufffd?]*\ufffd[\ufffd?]*")
BULLETS = (
    "\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u25c6\u2666"  # bullets, dots, squares
    "\u2713\u2714\u27a2\u27a4\u25ba\u25b6\u2756"  # ticks and arrows
)
_BULLET_RUN = re.compile(rf"[{BULLETS}][{BULLETS} \t]*")
_TABS = re.compile(r"\t+")
_GAP_IN_MATCH = re.compile(r"[\s\-_]+")

# Inside a phrase, a space stands for any run of spaces, hyphens or underscores.
_GAP = r"[\s\-_]+"
# A version glued to a name ("Python3", "HTML5") still counts as the name.
_VERSION = r"(?:\d+(?:\.\d+)*)?"
# No letter, digit or dot just before a phrase: checked from its first character.
_BEFORE_FIRST = r"(?<![\w.].)"
_AFTER = r"(?![\w+#])"
# A list-only phrase ("C", "R") must sit between separators such as these.
_LIST_SEPARATORS_BEFORE = frozenset(",/;:(|\u2022")
_LIST_SEPARATORS_AFTER = frozenset(",/;:)|\u2022")


def normalise(text: str) -> str:
    """Unify line breaks, drop control characters and turn damaged bullets into line starts."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    if "\ufffd" in text:
        text = _DAMAGED_APOSTROPHE.sub("'", text)
        text = _DAMAGED_BULLET.sub("\u2022", text)
    text = _BULLET_RUN.sub("\n\u2022 ", text)
    return _TABS.sub("  ", text)


def _unify_gaps(phrase: str) -> str:
    return _GAP_IN_MATCH.sub(" ", phrase).strip()


def fold(phrase: str) -> str:
    """The comparison form of a phrase: lower case, spaces and hyphens unified."""
    return _unify_gaps(phrase.lower())


def trie_pattern(phrases: Iterable[str], after_first: str = "") -> str:
    """One regex alternation shaped as a trie: fast to scan and longest match first.

    after_first is put after each phrase's first character: a check placed there rather than
    before the pattern leaves it starting with plain characters, which the regex engine skips
    to quickly.
    """
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(root, after_first)


def _node_pattern(node: dict[str, dict], after_char: str = "") -> str:
    branches = [
        (_GAP if char == " " else re.escape(char)) + after_char + _node_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _compile(phrases: Iterable[str], flags: int) -> re.Pattern[str] | None:
    unique = sorted(set(phrases))
    if not unique:
        return None
    return re.compile(f"({trie_pattern(unique, _BEFORE_FIRST)}){_VERSION}{_AFTER}", flags)


def _in_list_context(text: str, start: int, end: int) -> bool:
    """True when the match stands alone between list separators or line ends."""
    before = start - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    ok_before = before < 0 or text[before] == "\n" or text[before] in _LIST_SEPARATORS_BEFORE
    ok_after = (
        after >= len(text)
        or text[after] == "\n"
        or text[after] in _LIST_SEPARATORS_AFTER
        or text.startswith(("and ", "- "), after)
    )
    return ok_before and ok_after


def _lower(text: str) -> str:
    """Lower case with every character kept in place, so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _shorter_phrases(key: str) -> Iterator[str]:
    """The key's leading words, longest first: "python developer" gives "python"."""
    words = key.split(" ")
    for count in range(len(words) - 1, 0, -1):
        yield " ".join(words[:count])


class PhraseMatcher(Generic[T]):
    """Finds many phrases in one scan and reports the values attached to each.

    A phrase is matched case-insensitively on word boundaries; "=Phrase" is matched with its
    exact case and "~phrase" only when it stands alone in a list ("C, C++, Java"). Values are
    grouped in layers (say skills and job titles): the longest phrase wins within each layer, so
    "Python developer" yields the title "python developer" and the skill "python" in one scan.
    """

    def __init__(
        self, entries: Iterable[tuple[str, T]], layer_of: Callable[[T], Hashable] = lambda _: None
    ) -> None:
        self._layer_of = layer_of
        self._insensitive: dict[str, list[T]] = {}
        self._sensitive: dict[str, list[T]] = {}
        self._list_only: set[tuple[bool, str]] = set()
        # Keys are phrases of the tables, so this stays as small as they are.
        self._resolved: dict[tuple[bool, str, bool], list[T]] = {}
        for spec, value in entries:
            list_only = spec.startswith("~")
            phrase = spec.lstrip("~")
            sensitive = phrase.startswith("=")
            key = _unify_gaps(phrase[1:]) if sensitive else fold(phrase)
            if not key:
                continue
            (self._sensitive if sensitive else self._insensitive).setdefault(key, []).append(value)
            if list_only:
                self._list_only.add((sensitive, key))
        # Case-insensitive phrases are matched on lower-cased text: much faster than IGNORECASE.
        self._insensitive_re = _compile(self._insensitive, 0)
        self._sensitive_re = _compile(self._sensitive, 0)

    def _values(self, sensitive: bool, key: str, list_ok: bool) -> list[T]:
        """The values of the key, plus those of shorter phrases in layers it leaves unclaimed."""
        cache_key = (sensitive, key, list_ok)
        values = self._resolved.get(cache_key)
        if values is None:
            values = self._resolved[cache_key] = self._resolve(sensitive, key, list_ok)
        return values

    def _resolve(self, sensitive: bool, key: str, list_ok: bool) -> list[T]:
        table = self._sensitive if sensitive else self._insensitive
        values = table.get(key, []) if list_ok else []
        claimed = {self._layer_of(v) for v in values}
        for shorter in _shorter_phrases(key):
            if (sensitive, shorter) in self._list_only:
                continue
            extra = [v for v in table.get(shorter, ()) if self._layer_of(v) not in claimed]
            claimed.update(self._layer_of(v) for v in extra)
            values = values + extra
        return values

    def find(self, text: str) -> list[tuple[int, T]]:
        """(offset, value) for every match in text, in order of offset.

        An exact-case match inside a longer case-insensitive one ("MVC" in "ASP.NET MVC") is
        dropped for the layers the longer match already answers.
        """
        found: list[tuple[int, int, T]] = []
        spans: list[tuple[int, int, set[Hashable]]] = []
        span_starts: list[int] = []
        passes = ((False, self._insensitive_re, _lower(text)), (True, self._sensitive_re, text))
        for sensitive, pattern, scanned in passes:
            if pattern is None:
                continue
            keyed = _unify_gaps if sensitive else fold
            for match in pattern.finditer(scanned):
                start, end = match.span()
                key = keyed(match.group(1))
                list_ok = (sensitive, key) not in self._list_only or _in_list_context(
                    text, start, end
                )
                values = self._values(sensitive, key, list_ok)
                if sensitive:
                    index = bisect_right(span_starts, start) - 1
                    if index >= 0 and spans[index][1] >= end:
                        hidden = spans[index][2]
                        values = [v for v in values if self._layer_of(v) not in hidden]
                else:
                    spans.append((start, end, {self._layer_of(v) for v in values}))
                    span_starts.append(start)
                found.extend((start, int(sensitive), value) for value in values)
        found.sort(key=lambda item: (item[0], item[1]))
        return [(offset, value) for offset, _, value in found]
