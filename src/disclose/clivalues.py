"""Command-line values without pydantic: the typer app, groups and commands ``disclose`` runs.

typer (0.2x) turns each parameter's value into its Python type with a pydantic ``TypeAdapter``
built on first use: importing pydantic and building an adapter for each of lint's twenty options
costs about 0.15 s on every run (typer 0.29), on the command pre-commit and editors run on every
commit and save. disclose's options take plain values (text, paths, enum choices, whole numbers
in a range, lists of these), whose Python value is obvious; ``PlainValues`` gives them that value
directly. Any other value -- a bad choice, a number out of range or written unusually, a type
this module does not know -- goes to typer's own coercion, so typer still answers every usage
error with its own message. ``tests/test_cli.py`` compares both on many values.

This leans on three names of typer's parameters (``type_descriptor``, ``_runtime_param``,
``get_runtime_param``); with a typer that lacks them nothing is changed and typer coerces
everything itself (correct, only slower; a test notices pydantic on the lint path).
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup

TYPER_DECIDES = object()  # "not a plain value": typer's own coercion decides


def _plain_leaf(annotation: Any, info: Any, value: Any, ctx: Any) -> Any:
    """``value`` as typer would coerce it to ``annotation``, or ``TYPER_DECIDES``."""
    if annotation is str:
        return value if isinstance(value, str) else TYPER_DECIDES
    if annotation is Path:
        if isinstance(value, Path):
            path = value
        elif isinstance(value, str):
            path = Path(value)  # what pydantic's Path validator returns
        else:
            return TYPER_DECIDES
        # typer's path checks, with the options disclose uses (none): only "readable" applies
        if (info.exists or not info.file_okay or not info.dir_okay or info.writable or info.resolve_path
                or info.allow_dash or info.path_type is not None):
            return TYPER_DECIDES
        if info.readable and os.path.exists(path) and not os.access(path, os.R_OK):
            return TYPER_DECIDES  # typer's message: "... is not readable"
        return path
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        if not isinstance(value, str) or not info.case_sensitive or ctx.token_normalize_func is not None:
            return TYPER_DECIDES
        for member in annotation:
            if str(member.value) == value:
                return member
        return TYPER_DECIDES  # not a choice: typer lists the choices
    if annotation is int or annotation is float:
        if isinstance(value, bool):
            return TYPER_DECIDES
        if isinstance(value, annotation):
            number = value
        elif annotation is int and isinstance(value, str) and value.isascii() and value.isdigit():
            number = int(value)
        else:
            return TYPER_DECIDES
        if info.clamp or (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            return TYPER_DECIDES  # out of range: typer's message
        return number
    return TYPER_DECIDES


class PlainValues:
    """One parameter's coercion: plain values here, anything else through typer's own."""

    __slots__ = ("descriptor",)

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor

    def plain(self, value: Any, param: Any, ctx: Any) -> Any:
        """The coerced value, or ``TYPER_DECIDES`` (the same steps as typer's ``RuntimeParam``)."""
        info = self.descriptor.parameter_info
        if info.parser is not None or self.descriptor.file_annotation is not None:
            return TYPER_DECIDES
        annotation = self.descriptor.annotation
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        if multi:
            if get_origin(annotation) is not list or not isinstance(value, (list, tuple)):
                return TYPER_DECIDES
            [item_type] = get_args(annotation)
            items = [_plain_leaf(item_type, info, item, ctx) for item in value]
            return TYPER_DECIDES if any(item is TYPER_DECIDES for item in items) else items
        return _plain_leaf(annotation, info, value, ctx)

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        result = self.plain(value, param, ctx)
        if result is TYPER_DECIDES:
            param._runtime_param = None  # typer builds its own (pydantic) coercion for this parameter
            return param.get_runtime_param().coerce(value, param=param, ctx=ctx)
        return result


def plain_values(params: list) -> list:
    """Give typer's parameters the plain coercion (unless typer already built its own)."""
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = PlainValues(param.type_descriptor)
    return params


def spread_sources(args: list[str]) -> list[str]:
    """``--sources A B C`` (every path after it up to the next option or ``--``) as
    ``--sources A --sources B --sources C`` (contract §8); only for ``lint`` and ``analyze``."""
    if not args or args[0] not in ("lint", "analyze") or "--sources" not in args:
        return args
    out, i = [args[0]], 1
    while i < len(args):
        arg = args[i]
        out.append(arg)
        i += 1
        if arg == "--":
            out.extend(args[i:])
            break
        if arg == "--sources":
            first = True
            while i < len(args) and (not args[i].startswith("-") or args[i] == "-") and args[i] != "--":
                if not first:
                    out.append("--sources")
                out.append(args[i])
                first = False
                i += 1
    return out


class Command(TyperCommand):
    """A disclose command: plain values (its ``--help`` option included)."""

    def get_params(self, ctx: Any) -> list:
        return plain_values(super().get_params(ctx))


class Group(TyperGroup):
    """disclose's command groups: plain values, ``--sources A B C``, and one line on Ctrl-C."""

    def get_params(self, ctx: Any) -> list:
        return plain_values(super().get_params(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, spread_sources(list(args)))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            typer.echo("disclose: interrupted", err=True)
            raise typer.Exit(130) from None


class App(typer.Typer):
    """A typer app whose groups and commands are the ones above."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cls=Group, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)
