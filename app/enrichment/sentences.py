"""Sentence splitting with character offsets.

Each non-empty line is a block (headlines and standalone lines are sentences of their own);
inside a line a sentence ends at . ! ? (plus closing quotes) followed by a space and a
capital, digit or quote, except after abbreviations ("Mr.", "Jan.", "U.S." mid-sentence),
initials ("J. D.") and inside decimals ("2.5", no space).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SENTENCE_CHARS = 1500

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "st",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "plc",
        "llc",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "dept",
        "est",
        "fig",
        "vol",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "mn",
        "bn",
        "pres",
        "rev",
        "hon",
        "adm",
        "cmdr",
        "maj",
        "e.g",
        "i.e",
        "al",
        "u.s",
        "u.k",
        "e.u",
        "u.n",
        "u.s.a",
        "d.c",
        "s.a",
    ]
)
# Words that start a sentence often enough to split even after "U.S." or "Inc.".
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "i",
        "in",
        "on",
        "at",
        "but",
        "however",
        "and",
        "meanwhile",
        "for",
        "according",
        "while",
        "although",
        "as",
        "after",
        "before",
        "since",
        "when",
        "if",
        "so",
        "there",
        "their",
        "his",
        "her",
        "our",
        "china's",
    ]
)
_LINE_RE = re.compile(r"[^\n]+")
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD_RE = re.compile(r"\s+[\"'\u201c\u2018(\[]?([A-Za-z0-9']+)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: clean_text[start:end] == text."""

    start: int
    end: int
    text: str
    line: int  # index of the line (block) it belongs to
    heading: bool  # the line has no final punctuation (headline, label, standfirst)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at text[dot] closes an abbreviation rather than a sentence."""
    m = _WORD_BEFORE_RE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    if len(word) == 1 and word.isalpha() and text[m.start(1)].isupper():
        # "J. D. Vance": an initial, unless it is the end of an acronym like "U.S."
        return True
    if word not in _ABBREVIATIONS:
        return False
    nxt = _NEXT_WORD_RE.match(text, dot + 1)
    return not (
        nxt and nxt.group(1).lower() in _STARTERS and word in {"u.s", "u.k", "e.u", "u.n", "inc"}
    )


def _chunks(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Cut an over-long sentence at whitespace (a guard against run-on garbage)."""
    out: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for line_no, line in enumerate(_LINE_RE.finditer(text)):
        ls, le = line.start(), line.end()
        while ls < le and text[ls].isspace():
            ls += 1
        while le > ls and text[le - 1].isspace():
            le -= 1
        if ls >= le:
            continue
        heading = text[le - 1] not in ".!?\"'\u201d\u2019:)"
        pieces: list[tuple[int, int]] = []
        cur = ls
        for m in _BOUNDARY_RE.finditer(text, ls, le):
            first_dot = m.start()
            if (
                text[first_dot] == "."
                and m.end() - m.start() == 1
                and _is_abbreviation(text, first_dot)
            ):
                continue
            pieces.append((cur, m.end()))
            cur = m.end()
            while cur < le and text[cur].isspace():
                cur += 1
        if cur < le:
            pieces.append((cur, le))
        for s, e in pieces:
            for cs, ce in _chunks(s, e, text):
                sentences.append(Sentence(cs, ce, text[cs:ce], line_no, heading))
    return sentences
