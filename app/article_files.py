"""Which files the command line takes as articles, and how it reads them: one rule and one
set of messages for `orewatch ingest` and `orewatch extract`.

A named file must exist, end in .txt, .text, .html or .htm, hold UTF-8 text and not be
empty; a folder gives its files with those endings, recursively (other files in it are not
articles and are passed over). Every refusal is a plain sentence, never an errno.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SUFFIXES = {".txt": "text/plain", ".text": "text/plain", ".html": "text/html", ".htm": "text/html"}
ACCEPTED = ".txt, .text, .html or .htm"


class ArticleFileError(Exception):
    """A file that cannot be an article; the message says why, plainly."""


@dataclass(frozen=True, slots=True)
class ArticleFile:
    path: Path
    content_type: str

    @property
    def field(self) -> str:
        """The ingestion field it fills: text or html."""
        return "html" if self.content_type == "text/html" else "text"


@dataclass(frozen=True, slots=True)
class Refusal:
    target: str
    reason: str


def expand(targets: list[Path]) -> tuple[list[ArticleFile], list[Refusal]]:
    """The article files `targets` name (folders recursively, sorted), and the refusals."""
    files: list[ArticleFile] = []
    refused: list[Refusal] = []
    for target in targets:
        if target.is_dir():
            found = sorted(p for p in target.rglob("*") if p.is_file())
            files += [ArticleFile(p, SUFFIXES[p.suffix.lower()]) for p in found if _takes(p)]
        elif not target.exists():
            refused.append(Refusal(str(target), "no such file or folder"))
        elif not _takes(target):
            refused.append(Refusal(str(target), f"not a {ACCEPTED} file"))
        else:
            files.append(ArticleFile(target, SUFFIXES[target.suffix.lower()]))
    return files, refused


def _takes(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read(file: ArticleFile) -> str:
    """The file's text, or ArticleFileError: unreadable, not UTF-8, or empty."""
    try:
        data = file.path.read_bytes()
    except OSError as exc:
        reason = (exc.strerror or "unreadable").lower()
        raise ArticleFileError(f"cannot be read ({reason})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleFileError("not UTF-8 text") from None
    if not text.strip():
        raise ArticleFileError("empty")
    return text
