"""Policies: YAML rule packs, loaded, merged and validated here -- and only here.

``load_ruleset(["newsroom", "eu-ai-act"])`` resolves ``extends`` (built-in names or paths relative
to the extending file, cycles detected), merges references, settings, lexicons and rules in order
(later wins), applies overrides of inherited rules by id, drops rules whose severity is ``off``,
and validates every rule against its kind's options. Any problem raises ``PolicyError`` naming the
file and line.
"""

from __future__ import annotations

from .loader import BUILTIN_DEFAULT, Rule, RuleSet, builtin_policy_names, load_ruleset
from .errors import PolicyError

__all__ = ["BUILTIN_DEFAULT", "PolicyError", "Rule", "RuleSet", "builtin_policy_names", "load_ruleset"]
