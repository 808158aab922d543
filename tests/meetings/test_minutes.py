"""Minutes rendering: plain text and a safe Markdown subset, never raw HTML. No Flask."""

import pytest

from council.meetings.minutes import render_markdown, render_minutes, render_plain_text


def test_plain_text_keeps_paragraphs_and_line_breaks_and_escapes_everything():
    html = render_plain_text("Présents : 8\nExcusés : 2\n\n<script>alert(1)</script> & co")
    assert html == ("<p>Présents : 8<br>\nExcusés : 2</p>\n"
                    "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>\n")


def test_markdown_subset_renders_lists_emphasis_and_links():
    html = render_markdown("## Décisions\n\n1. **Éclairage** demandé\n2. [Site](https://argentan.fr)")
    assert "<h3>Décisions</h3>" in html  # headings sit under the page's h1 and h2
    assert "<strong>Éclairage</strong>" in html
    assert '<a href="https://argentan.fr">Site</a>' in html


def test_heading_levels_follow_each_other_without_gaps():
    html = render_markdown("# Un\n\n### Deux\n\n###### Trois\n\n# Quatre")
    assert html == "<h3>Un</h3>\n<h4>Deux</h4>\n<h5>Trois</h5>\n<h3>Quatre</h3>\n"


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "[clic](javascript:alert(1))",
        "[clic](JAVASCRIPT:alert(1))",
        "[clic](data:text/html;base64,PHNjcmlwdD4=)",
        "[clic](vbscript:msgbox)",
        "![image](https://example.org/tracker.png)",
        "<javascript:alert(1)>",
    ],
)
def test_markdown_never_lets_html_scripts_or_images_through(source):
    html = render_markdown(source)
    assert "<script" not in html and "<img" not in html and "<a href=\"javascript" not in html.lower()
    assert "href=\"data:" not in html and "vbscript:msgbox\"" not in html
    assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")


def test_mailto_and_http_links_are_allowed():
    assert '<a href="mailto:ccargentan@laposte.net">écrire</a>' in render_markdown(
        "[écrire](mailto:ccargentan@laposte.net)")
    assert '<a href="http://example.org">x</a>' in render_markdown("[x](http://example.org)")


def test_render_minutes_picks_the_format():
    assert render_minutes("**gras**", markdown=True) == "<p><strong>gras</strong></p>\n"
    assert render_minutes("**gras**", markdown=False) == "<p>**gras**</p>\n"
