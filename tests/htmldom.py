"""A tiny DOM for test assertions on HTML (the report, or a browser's ``--dump-dom``), built with
the standard library's parser. It also checks that the markup nests: a close tag that does not
match the open element is an error, so a test fails on overlapping tags."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Node | None" = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag: str | None = None, **attrs: str | bool) -> list["Node"]:
        """Descendants by tag and attributes (``class_`` matches one class; ``True`` = present)."""
        out = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            if all(_matches(node, key, want) for key, want in attrs.items()):
                out.append(node)
        return out

    def find(self, tag: str | None = None, **attrs) -> "Node | None":
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)


def _matches(node: Node, key: str, want) -> bool:
    name = key.rstrip("_").replace("_", "-")
    if name == "class" and isinstance(want, str):
        return want in (node.attrs.get("class") or "").split()
    if want is True:
        return name in node.attrs
    return node.attrs.get(name) == want


class _Builder(HTMLParser):
    def __init__(self, strict: bool):
        super().__init__(convert_charrefs=True)
        self.strict = strict
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            if self.strict:
                raise AssertionError(f"</{tag}> closes <{self.current.tag}>: tags overlap")
            node = self.current
            while node is not None and node.tag != tag:
                node = node.parent
            if node is None:
                return
            self.current = node
        self.current = self.current.parent or self.root

    def handle_data(self, data):
        self.current.children.append(data)


def parse(markup: str, strict: bool = True) -> Node:
    builder = _Builder(strict)
    builder.feed(markup)
    builder.close()
    if strict and builder.current is not builder.root:
        raise AssertionError(f"<{builder.current.tag}> is never closed")
    return builder.root
