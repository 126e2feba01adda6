"""Issue 15's question: does pyahocorasick (C) beat the pure-Python phrase trie by 1.5x?

The phrase book of the built-in policies (every word list the sentence finders use) is matched on
every sentence of ../shared/eval/bbc: disclose's walk over the sentence's token keys with the
per-list selection, against pyahocorasick's automaton over the same keys joined by spaces -- once
bare (no gap check, no selection, no mapping back to tokens) and once with the mapping back to
token indices a caller needs (still without gap checks or selection). Not part of the package:
``pip install pyahocorasick`` into the venv, then ``.venv/bin/python benchmarks/aho_vs_trie.py``.
"""
import sys
import time

try:
    import ahocorasick
except ImportError:
    sys.exit("aho_vs_trie: pip install pyahocorasick first (it is not a dependency of disclose)")
from pathlib import Path
from disclose.engine import Linter
from disclose.policy import BUILTIN_DEFAULT, load_ruleset
from disclose.analysis.lexicon import Tokens
from disclose.segment import split_sentences
BBC = Path(__file__).resolve().parents[2] / 'shared' / 'eval' / 'bbc'
texts = [p.read_bytes().decode('utf-8', 'replace') for p in sorted(BBC.rglob('*.txt'))]
sents = [t[a:b] for t in texts for a, b in split_sentences(t)]
toks = [Tokens(s) for s in sents]
linter = Linter(load_ruleset(list(BUILTIN_DEFAULT)))
book_trie = linter.analyzer.attribution.cue_re.book.trie
# all phrases of the book, as key sequences
phrases = []
def collect(node, path):
    for k, v in node.items():
        if k == "":
            phrases.extend((tuple(path), entry) for entry in v)
        else:
            collect(v, path + [k])
collect(book_trie.root, [])
print(len(sents), "sentences;", len(phrases), "phrases in the book")
A = ahocorasick.Automaton()
for keys, entry in phrases:
    s = " " + " ".join(keys) + " "
    A.add_word(s, (len(keys), len(s), entry))
A.make_automaton()
def best(fn):
    times = []
    for _ in range(3):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)
def trie_walk():
    n = 0
    for t in toks:
        n += len(book_trie.by_list(book_trie.walk(t.keys, t.gaps)))
    return n
def aho():
    n = 0
    for t in toks:
        s = " " + " ".join(t.keys) + " "
        found = list(A.iter(s))
        n += len(found)
    return n
def aho_mapped():
    # with the char offset -> token index map a caller needs (gaps and selection not even done)
    n = 0
    for t in toks:
        s = " " + " ".join(t.keys) + " "
        starts = {}
        pos = 1
        for i, k in enumerate(t.keys):
            starts[pos] = i
            pos += len(k) + 1
        for end, (nkeys, size, entry) in A.iter(s):
            first = starts[end - size + 2]  # the phrase's first run (after its leading space)
            n += first + nkeys
    return n
tw, ah, am = best(trie_walk), best(aho), best(aho_mapped)
print(f"pure-Python trie walk + selection: {tw:.3f} s ({1e6*tw/len(sents):.1f} us/sentence)")
print(f"pyahocorasick iter only (no gaps, no selection): {ah:.3f} s ({1e6*ah/len(sents):.1f} us/sentence) -> {tw/ah:.2f}x")
print(f"pyahocorasick + offset map (still no gaps/selection): {am:.3f} s -> {tw/am:.2f}x")
