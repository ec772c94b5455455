"""What the language tests look for: English left on a Russian or Chinese page.

A message of the catalogs holds literal text between its ``{fields}``; each piece of
that English text which the translation does not also hold (a name such as "NPV" or
"Erlang C" may stay) is something that must not be read on a page in another language.
"""

import re

from supportroi.i18n import catalog

__all__ = ["english_left", "english_pieces", "visible_text"]

FIELDS = re.compile(r"\{\w+\}")
FIELDS_AND_TAGS = re.compile(r"\{\w+\}|<[^>]+>")


def english_pieces(lang: str, prefixes, *, min_chars: int = 4, tags: bool = False,
                   strip: str = " ,.;:()", skip_sources: bool = False) -> set[str]:
    """The pieces of the English messages whose keys start with ``prefixes`` (each plural
    form; split at fields, and at HTML tags when ``tags``), ``min_chars`` long or longer,
    that the message in ``lang`` does not also contain. ``skip_sources`` leaves out the
    ``*.source`` keys (citations stay in their original language)."""
    english, other = catalog("en"), catalog(lang)
    split = FIELDS_AND_TAGS if tags else FIELDS
    prefixes = tuple([prefixes] if isinstance(prefixes, str) else prefixes)
    pieces = set()
    for key, message in english.items():
        if not key.startswith(prefixes) or (skip_sources and key.endswith(".source")):
            continue
        theirs = other[key]
        translated = " ".join(theirs.values()) if isinstance(theirs, dict) else theirs
        for form in (message.values() if isinstance(message, dict) else [message]):
            for piece in split.split(form):
                piece = piece.strip(strip)
                if len(piece) >= min_chars and piece not in translated:
                    pieces.add(piece)
    return pieces


def english_left(shown: str, lang: str, prefixes, **options) -> list[str]:
    """The :func:`english_pieces` found in ``shown``, regardless of case (card labels are
    drawn in capitals)."""
    shown = shown.casefold()
    return sorted(p for p in english_pieces(lang, prefixes, **options) if p.casefold() in shown)


def visible_text(page, hidden=()) -> str:
    """A Playwright page's visible text, without the elements matching the CSS selectors
    ``hidden`` (content such as scenario titles, in the language it was written in)."""
    return page.evaluate("""selectors => {
        const hidden = selectors.flatMap(s => [...document.querySelectorAll(s)]);
        const was = hidden.map(el => el.style.display);
        hidden.forEach(el => { el.style.display = "none"; });
        const text = document.body.innerText;
        hidden.forEach((el, i) => { el.style.display = was[i]; });
        return text;
    }""", list(hidden))
