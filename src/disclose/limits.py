"""The bounds that keep hostile input from exhausting time or memory -- in one place.

disclose reads files and policies written by other people. Everything it reads is parsed by code
that is linear in the input *once the input is bounded*; these are the bounds. Each one is far
above what a real article, front matter block, policy or word list needs, and each one, when
exceeded, gives one clear error for that input (file and line), never a crash or a hang.
"""

from __future__ import annotations

#: Largest article file, JSON Lines record (one line) or standard input, in bytes. A 20 MB file on
#: one line is linted (in time linear in its size); 64 MiB of prose is no longer one article.
MAX_INPUT_BYTES = 64 * 1024 * 1024

#: Largest front matter block (characters). Metadata, not a second article.
MAX_FRONT_MATTER_CHARS = 256 * 1024

#: Largest policy, lexicon or configuration file, in bytes (the built-in disclosure lexicon, the
#: largest, is about 64 KB).
MAX_POLICY_BYTES = 2 * 1024 * 1024

#: Deepest nesting of YAML, JSON or TOML collections (policies, front matter, JSON Lines records,
#: JSON-LD). Real data nests a handful of levels; the parsers recurse per level.
MAX_NESTING = 64

#: Seconds one pattern from a lexicon may run on one piece of text before it is abandoned there
#: (reported once per pattern list). Built-in patterns run in microseconds; this bounds user
#: patterns with catastrophic backtracking.
LEXICON_PATTERN_TIMEOUT = 1.0
