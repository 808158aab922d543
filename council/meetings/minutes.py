"""Minutes to HTML: plain text, or a safe subset of Markdown. Pure: no Flask, no database.

The Markdown subset is CommonMark without raw HTML and without images (they would load from
elsewhere); links may only go to ``http``, ``https`` or ``mailto`` addresses. Everything else
the person typed is shown as text, escaped.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")


def _validate_link(url: str) -> bool:
    return url.strip().lower().startswith(ALLOWED_SCHEMES)


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = _validate_link
    return md


_MARKDOWN = _markdown()


def render_markdown(text: str) -> str:
    """HTML for the safe Markdown subset. The minutes sit under the page's h1 and h2, so the
    heading levels used become h3, h4… in order, without gaps (« ## » alone gives h3)."""
    tokens = _MARKDOWN.parse(text)
    headings = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    levels = sorted({t.tag for t in headings})
    for token in headings:
        token.tag = f"h{min(levels.index(token.tag) + 3, 6)}"
    return _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})


def render_plain_text(text: str) -> str:
    """HTML paragraphs for plain text: blank lines split paragraphs, line breaks are kept."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "".join(
        "<p>" + "<br>\n".join(escape(line) for line in p.split("\n")) + "</p>\n"
        for p in paragraphs if p.strip()
    )


def render_minutes(text: str, markdown: bool) -> str:
    """The minutes as safe HTML."""
    return render_markdown(text) if markdown else render_plain_text(text)
