"""Markdown for product descriptions: markdown-it-py renders, nh3 sanitises (pure, no Flask).

Raw HTML in the source is escaped by markdown-it (``html: False``); nh3 (Ammonia) then keeps
only a short list of tags, drops ``javascript:`` and other unsafe links, and adds
``rel="noopener noreferrer nofollow"`` to links. Headings are shifted down two levels so a
description cannot produce an ``<h1>`` on the product page.

    echo '**Máy** <script>x</script>' | python -m techfest.submissions.rendering
"""
from __future__ import annotations

import sys

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"])

ALLOWED_TAGS = {"p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote", "ul", "ol", "li",
                "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
_SHIFT = str.maketrans({"1": "3", "2": "4", "3": "5", "4": "6", "5": "6", "6": "6"})


def _shift_headings(tokens) -> None:
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            tok.tag = "h" + tok.tag[1].translate(_SHIFT)


def render_markdown(text: str | None) -> str:
    """Safe HTML for ``text`` (Markdown)."""
    if not text or not text.strip():
        return ""
    tokens = _md.parse(text)
    _shift_headings(tokens)
    html = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow",
                     filter_style_properties={"text-align"})


def plain_text(text: str | None, limit: int | None = None) -> str:
    """The text of the rendered Markdown without tags (for exports and summaries)."""
    out = nh3.clean(render_markdown(text), tags=set()).strip()
    import html as _html

    out = " ".join(_html.unescape(out).split())
    if limit and len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


if __name__ == "__main__":  # pragma: no cover
    print(render_markdown(sys.stdin.read()))
