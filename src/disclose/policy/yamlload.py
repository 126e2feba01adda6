"""Safe YAML loading that remembers where every key was written.

Policies and configs come from other people's repositories, so they are data, never code:
only ``yaml.SafeLoader`` is used (``!!python/...`` tags are rejected), aliases are refused (an
alias bomb -- a few lines that expand to billions of nodes -- cannot blow up memory or time, and
policies never need them), nesting and file size are bounded (``limits``), and every mapping
remembers the line of each key so that errors can say ``file:line: what is wrong``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from ..limits import MAX_POLICY_BYTES
from ..safeyaml import BoundedSafeLoader, describe
from .errors import LineDict, PolicyError  # noqa: F401 -- re-exported: where they used to live


class _Loader(BoundedSafeLoader):
    """Safe, alias-free, depth-bounded (see ``safeyaml``), and remembering lines."""

    def construct_line_mapping(self, node: yaml.MappingNode) -> LineDict:
        self.flatten_mapping(node)
        out = LineDict()
        out.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.MarkedYAMLError(None, None, "a mapping key must be a plain value", key_node.start_mark)
            if key in out:
                raise yaml.MarkedYAMLError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            out[key] = self.construct_object(value_node, deep=True)
            out.lines[key] = key_node.start_mark.line + 1
        return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_line_mapping)


def read_data_file(path: Path, display: str, what: str, line: int | None = None) -> str:
    """The text of a policy, lexicon or config file: a regular file of at most
    ``MAX_POLICY_BYTES``, UTF-8. A FIFO or device (``/dev/zero``) would block or never end, so
    only regular files are opened. Raises PolicyError (``display``:``line``)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise PolicyError(display, line, f"cannot read {what}: not a regular file")
        if st.st_size > MAX_POLICY_BYTES:
            raise PolicyError(display, line, f"cannot read {what}: larger than "
                                             f"{MAX_POLICY_BYTES // (1024 * 1024)} MiB")
        with open(path, "rb") as fh:
            data = fh.read(MAX_POLICY_BYTES + 1)
    except OSError as exc:
        raise PolicyError(display, line, f"cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > MAX_POLICY_BYTES:  # it grew after the stat
        raise PolicyError(display, line, f"cannot read {what}: larger than {MAX_POLICY_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PolicyError(display, line, f"cannot read {what}: not UTF-8 (byte {exc.start})") from None


class _Retry(Exception):
    """The fast loader met something the exact loader must report (an alias, a syntax error)."""


def _has_alias(root: yaml.Node) -> bool:
    """An alias makes the composed graph share a node: a node reached twice."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                todo += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
    return False


_FastLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """libyaml's parser (about ten times faster: start-up reads a dozen policy and lexicon
        files) with the same constructors. Aliases and errors are left to ``_Loader``, which
        reports them with the exact line and wording."""

        construct_line_mapping = _Loader.construct_line_mapping

        def get_single_node(self):  # type: ignore[override]
            node = super().get_single_node()
            if node is not None and _has_alias(node):
                raise _Retry()
            return node

    _FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _FastLoader.construct_line_mapping)


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML safely; raise PolicyError(path, line, message) on any problem."""
    if len(text) > MAX_POLICY_BYTES:
        raise PolicyError(path, None, f"file is larger than {MAX_POLICY_BYTES // (1024 * 1024)} MiB; "
                                      "policies, lexicons and configs are small data files")
    if _FastLoader is not None:
        try:
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506 -- a CSafeLoader subclass
        except (_Retry, yaml.YAMLError, RecursionError):
            pass  # parse again below: the pure-Python loader words the error
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 -- _Loader is a SafeLoader subclass
    except yaml.YAMLError as exc:
        problem, line = describe(exc, text)
        raise PolicyError(path, line, problem) from None
    except RecursionError:  # not reached with the nesting bound; kept as the last line of defence
        raise PolicyError(path, None, "YAML nested too deeply") from None
