"""Rich text that managers type in the admin: a small Markdown (headings, paragraphs, lists, quotes, bold, italic,
links), stored as typed.

Two readings of the same text: HTML for our own pages, and Editor.js blocks (the JSON shape Saleor's `content`
and `description` fields carry) for the API. Both come from one parser (markdown-it, CommonMark) with raw HTML
turned off, so whatever a manager types, `<script>` comes out as text; link targets go through markdown-it's
check, which refuses `javascript:`, `vbscript:`, `file:` and `data:` URLs.
"""

from functools import cache

from markdown_it import MarkdownIt

from marketplace.core.text import text_block

# What the Editor.js blocks describe; anything else CommonMark knows (code, images, rules) is left out.
_DISABLED_RULES = ["image", "html_block", "html_inline", "code", "fence", "backticks", "hr", "table", "lheading"]


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable(_DISABLED_RULES, ignoreInvalid=True)
    return parser


def clean_source(text: str) -> str:
    """The text as stored: NFC, line endings unified, outer blank lines trimmed (the shared text_block rule)."""
    return text_block(text or "")


def to_html(text: str) -> str:
    """Safe HTML for a page of ours (headings are shifted down one level: the page's title is its h1)."""
    tokens = _parser().parse(clean_source(text))
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    return _parser().renderer.render(tokens, _parser().options, {})


def _inline_html(token) -> str:
    parser = _parser()
    return parser.renderer.renderInline(token.children or [], parser.options, {}).strip()


def to_editorjs(text: str) -> dict:
    """The text as Editor.js data: {"blocks": [{"type": "header"|"paragraph"|"list"|"quote", "data": {...}}]}.

    Inline markup is the same escaped HTML (<b>/<strong>, <em>, <a href>) Editor.js itself keeps in its text.
    """
    tokens = _parser().parse(clean_source(text))
    blocks: list[dict] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0:
            index += 1
            continue
        if token.type == "heading_open":
            level = int(token.tag[1])
            blocks.append({"type": "header", "data": {"text": _inline_html(tokens[index + 1]), "level": level}})
        elif token.type == "paragraph_open":
            blocks.append({"type": "paragraph", "data": {"text": _inline_html(tokens[index + 1])}})
        elif token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            closing = token.type.replace("_open", "_close")
            end = next(i for i in range(index + 1, len(tokens)) if tokens[i].type == closing and tokens[i].level == 0)
            inlines = [_inline_html(t) for t in tokens[index + 1 : end] if t.type == "inline"]
            if token.type == "blockquote_open":
                blocks.append({"type": "quote", "data": {"text": "<br>".join(inlines), "caption": ""}})
            else:
                style = "ordered" if token.type == "ordered_list_open" else "unordered"
                blocks.append({"type": "list", "data": {"style": style, "items": inlines}})
            index = end
        index += 1
    return {"blocks": blocks}


def to_plain_text(text: str) -> str:
    """The words alone (for a meta description): markup dropped, one line."""
    parser = _parser()
    words = []
    for token in parser.parse(clean_source(text)):
        if token.type == "inline":
            words.extend(child.content for child in token.children or [] if child.type == "text")
    return " ".join(" ".join(words).split())
