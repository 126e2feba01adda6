"""Bytes -> text, the way the contract (§2) promises.

Order of attempts:

1. a byte-order mark decides: UTF-8, UTF-32 LE/BE, UTF-16 LE/BE (the BOM is dropped, so offsets
   index the text a user sees in an editor);
2. without a UTF-16/32 BOM, a NUL byte means a binary file -> ``InputError`` (reported per file);
3. valid UTF-8;
4. otherwise cp1252, with a warning. The five bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90
   0x9D) decode as their latin-1 code points, so this last step never fails.

Line endings are kept as they are: every offset the tool reports indexes the decoded text.
"""

from __future__ import annotations

import codecs

from ..model import InputError

#: The byte-order marks the readers honour, with their codecs, in the order they are tried
#: (``fixer`` sniffs a file's encoding the same way, to write it back the same way).
BOMS = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: cp1252 with the undefined bytes filled in from latin-1: a total 256-entry decoding table
#: (``fixer`` encodes with it, so a cp1252 file is written back byte for byte).
CP1252_TABLE = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))

def cp1252_warning(data: bytes, exc: UnicodeDecodeError, first_line: int = 1) -> str:
    """The warning for a cp1252 fallback, naming the line and the first byte that is not UTF-8."""
    line = first_line + data.count(b"\n", 0, exc.start)
    return f"line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02X}); decoded as cp1252"


def _cp1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", CP1252_TABLE)[0]


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode a file's bytes; returns ``(text, warnings)``. Raises ``InputError`` for binary data."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(encoding), []
            except UnicodeDecodeError as exc:
                if encoding == "utf-8":
                    if b"\x00" in body:
                        break
                    return _cp1252(body), [cp1252_warning(body, exc)]
                return body.decode(encoding, errors="replace"), [
                    f"invalid {encoding.upper()} at byte {exc.start + len(bom)}; "
                    "undecodable bytes replaced with U+FFFD"
                ]
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes); not linted")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return _cp1252(data), [cp1252_warning(data, exc)]
