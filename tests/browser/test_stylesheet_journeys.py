"""The stylesheet applies on screen, not only when printing: the honeypot fields of the public forms
are hidden from people (a resident who typed in one was thanked and lost their observation), and the
observations and avis styles (cards, facts, history) are in force at phone and desktop widths."""

import pytest

HONEYPOTS = {
    "/candidature": "input[name=website]",
    "/observations/nouvelle": "input[name=website]",
}


@pytest.mark.parametrize("path", sorted(HONEYPOTS))
@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_honeypots_are_hidden_on_screen(request, path, viewport):
    page = request.getfixturevalue(viewport)
    page.goto(path)
    honeypot = page.page.locator(HONEYPOTS[path])
    assert honeypot.count() == 1, "the honeypot field is missing: this test would prove nothing"
    assert not honeypot.is_visible()
    assert page.page.get_by_text("Ne remplissez pas ce champ").is_visible() is False


def test_participation_styles_apply_on_screen(page):
    """Rules written at the end of the stylesheet are in force (a block left open swallows them)."""
    page.goto("/observations/nouvelle")
    styles = page.page.evaluate("""() => {
        const probe = (cls, tag = 'div') => {
            const el = document.createElement(tag);
            el.className = cls;
            document.querySelector('main').appendChild(el);
            const style = getComputedStyle(el);
            const result = {display: style.display, borderTopStyle: style.borderTopStyle,
                            fontStyle: style.fontStyle};
            el.remove();
            return result;
        };
        return {card: probe('card'), facts: probe('facts', 'dl'), note: probe('note', 'p'),
                history: probe('history', 'ol')};
    }""")
    assert styles["card"]["borderTopStyle"] == "solid"
    assert styles["facts"]["display"] == "grid"
    assert styles["note"]["fontStyle"] == "italic"
