"""How people and clerks write names, e-mails, phones and booleans: the variant tables behind the noise.

Names and e-mail tokens come from small vocabularies, so each variant (accents lost, capitals, a typo,
a stray space...) is computed once per vocabulary word here; a column of millions of noisy values is
then one Arrow `take` into these tables instead of a string operation per row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crosschannel.generator import vocabulary as vocab
from crosschannel.generator.arrays import BoolArray, IntArray, ints
from crosschannel.generator.text import by_code, digit_chars, fixed_width, literal_chars, lookup

# Name variants, in table order. Typos are kept apart because their share is a parameter of its own,
# and so is the spelling of a name heard rather than read (a clerk on the phone: Dupond for Dupont).
NAME_CLEAN, NAME_ASCII, NAME_UPPER, NAME_UPPER_ASCII, NAME_LOWER, NAME_SEPARATOR, NAME_PADDED = range(7)
NAME_TYPO_SWAP, NAME_TYPO_DROP, NAME_HEARD = 7, 8, 9
NAME_VARIANTS = 10

# How French names are misspelled by ear, most telling first: the first rewrite that applies is used.
# (pattern, replacement) on the lower-case name; `$` anchors at the end.
_HEARD_REWRITES = (
    ("ault$", "aud"),
    ("aud$", "ault"),
    ("eau$", "eaux"),
    ("ier$", "ié"),
    ("nt$", "nd"),
    ("nd$", "nt"),
    ("rd$", "rt"),
    ("rt$", "rd"),
    ("ois$", "oit"),
    ("in$", "ain"),
    ("on$", "ond"),
    ("x$", "s"),
    ("ci", "si"),
    ("ph", "f"),
    ("th", "t"),
    ("qu", "k"),
    ("ç", "ss"),
    ("y", "i"),
    ("mm", "m"),
    ("nn", "n"),
    ("ll", "l"),
    ("tt", "t"),
    ("ss", "s"),
    ("rr", "r"),
    ("au", "o"),
    ("ai", "ei"),
    ("en", "an"),
    ("an", "en"),
    ("t$", "tte"),
    ("l$", "lle"),
    ("e$", ""),
)

# E-mail styles: as registered, Title.Case@Domain.com, UPPER, trailing space, spaces both sides.
EMAIL_LOWER, EMAIL_TITLE, EMAIL_UPPER, EMAIL_TRAILING_SPACE, EMAIL_PADDED = range(5)
# E-mail typos: none, in the domain, in the first or the second token of the local part.
TYPO_NONE, TYPO_DOMAIN, TYPO_FIRST_TOKEN, TYPO_SECOND_TOKEN = range(4)
SEPARATORS = (".", "", "_", "-")

# Phone formats of the same number (0612345678): compact, spaced, dotted, +33 spaced, +33 with
# dashes, 0033, without the leading zero (a spreadsheet ate it), +33 compact.
PHONE_FORMATS = 8
BOOLEAN_SPELLINGS = (("true", "false"), ("1", "0"), ("yes", "no"), ("TRUE", "FALSE"))


def strip_accents(text: str) -> str:
    """Hélène -> Helene, Müller -> Muller: what keyboards and old systems do to names."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _swap_typo(word: str, rng: np.random.Generator) -> str:
    letters = [
        i
        for i in range(1, len(word) - 1)
        if word[i].isalpha() and word[i + 1].isalpha() and word[i] != word[i + 1]
    ]
    if not letters:
        return _double_typo(word, rng)
    i = letters[int(rng.integers(len(letters)))]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _drop_typo(word: str, rng: np.random.Generator) -> str:
    letters = [i for i in range(1, len(word)) if word[i].isalpha()]
    if len(word) < 4 or not letters:
        return word
    i = letters[int(rng.integers(len(letters)))]
    return word[:i] + word[i + 1 :]


def _double_typo(word: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(len(word)))
    return word[:i] + word[i] + word[i:]


def heard_spelling(name: str) -> str:
    """The name as a clerk who only heard it might write it: Dupont -> Dupond, Renault -> Renaud.

    The first rewrite of _HEARD_REWRITES that applies, keeping the capital of the first letter; a
    name none applies to gets a mute h at its end (Léa -> Léah) or its last letter doubled.
    """
    lower = name.lower()
    for pattern, replacement in _HEARD_REWRITES:
        if pattern.endswith("$"):
            ending = pattern[:-1]
            if lower.endswith(ending) and len(lower) > len(ending) + 1:
                heard = lower[: -len(ending)] + replacement
                break
        elif pattern in lower[1:]:
            at = lower.index(pattern, 1)
            heard = lower[:at] + replacement + lower[at + len(pattern) :]
            break
    else:
        heard = lower + "h" if lower[-1:] in "aeiouéèêëïîôûü" else lower + lower[-1:]
    return heard[:1].upper() + heard[1:] if name[:1].isupper() else heard


def _separator_variant(name: str) -> str:
    """Jean-Pierre -> Jean Pierre and Le Gall -> Le-Gall: compound names typed either way."""
    if "-" in name:
        return name.replace("-", " ")
    return name.replace(" ", "-")


def _name_variants(name: str, rng: np.random.Generator) -> list[str]:
    padded = f" {name}" if rng.random() < 0.3 else f"{name} "
    return [
        name,
        strip_accents(name),
        name.upper(),
        strip_accents(name).upper(),
        name.lower(),
        _separator_variant(name),
        padded,
        _swap_typo(name, rng),
        _drop_typo(name, rng),
        heard_spelling(name),
    ]


def _email_token(name: str) -> str:
    """A name as people put it in an e-mail address: lower case, no accents, no spaces or apostrophes."""
    return strip_accents(name).lower().replace(" ", "").replace("'", "")


@dataclass(frozen=True)
class Lexicon:
    """Variant tables for one run (typo positions are drawn from the run's reference stream)."""

    first_names: pa.Array  # NAME_VARIANTS entries per vocabulary.FIRST_NAMES entry
    last_names: pa.Array
    tokens: pa.Array  # e-mail local-part tokens
    token_typo: IntArray  # token -> index of its mistyped spelling
    first_full: IntArray  # first name -> token (jean-pierre)
    first_joined: IntArray  # first name -> token (jeanpierre)
    first_initial: IntArray  # first name -> token (j)
    last_token: IntArray  # last name -> token
    family_word: int  # token "famille"
    plural_word: int  # token "les"


def build_lexicon(rng: np.random.Generator) -> Lexicon:
    """The variant tables of the vocabulary's names and e-mail tokens."""
    first = [variant for name in vocab.FIRST_NAMES for variant in _name_variants(name, rng)]
    last = [variant for name in vocab.LAST_NAMES for variant in _name_variants(name, rng)]
    tokens: list[str] = []
    index: dict[str, int] = {}

    def token(text: str) -> int:
        if text not in index:
            index[text] = len(tokens)
            tokens.append(text)
        return index[text]

    first_full = ints([token(_email_token(name)) for name in vocab.FIRST_NAMES])
    first_joined = ints([token(_email_token(name).replace("-", "")) for name in vocab.FIRST_NAMES])
    first_initial = ints([token(_email_token(name)[0]) for name in vocab.FIRST_NAMES])
    last_token = ints([token(_email_token(name)) for name in vocab.LAST_NAMES])
    family_word, plural_word = token("famille"), token("les")
    correct = list(tokens)
    token_typo = ints(
        [
            token(_drop_typo(word, rng) if rng.random() < 0.5 else _double_typo(word, rng))
            if len(word) > 2
            else index[word]
            for word in correct
        ]
    )
    return Lexicon(
        first_names=pa.array(first, pa.string()),
        last_names=pa.array(last, pa.string()),
        tokens=pa.array(tokens, pa.string()),
        token_typo=token_typo,
        first_full=first_full,
        first_joined=first_joined,
        first_initial=first_initial,
        last_token=last_token,
        family_word=family_word,
        plural_word=plural_word,
    )


def names(table: pa.Array, name: IntArray, variant: IntArray) -> pa.Array:
    """Names in the given variants; null where the variant is negative (not written)."""
    return lookup(table, name * NAME_VARIANTS + variant, variant >= 0)


def email_locals(
    lexicon: Lexicon, first: IntArray, separator: IntArray, second: IntArray, number: IntArray
) -> pa.Array:
    """Local parts `token<separator>token[number]`; number 0 means none."""
    suffix = pc.if_else(
        pa.array(number > 0), pc.cast(pa.array(number), pa.string()), pa.scalar("", pa.string())
    )
    return pc.binary_join_element_wise(
        lookup(lexicon.tokens, first),
        lookup(SEPARATORS, separator),
        lookup(lexicon.tokens, second),
        suffix,
        "",
    )


def emails(local: pa.Array, domain: pa.Array, style: IntArray) -> pa.Array:
    """Addresses written in the given styles (EMAIL_*)."""
    plain = pc.binary_join_element_wise(local, domain, "@")

    def styled(rows: IntArray, *, code: int) -> pa.Array:
        rows_array = pa.array(rows)
        if code == EMAIL_TITLE:
            return pc.binary_join_element_wise(
                pc.utf8_title(pc.take(local, rows_array)),
                pc.utf8_capitalize(pc.take(domain, rows_array)),
                "@",
            )
        text = pc.take(plain, rows_array)
        if code == EMAIL_UPPER:
            return pc.utf8_upper(text)
        if code == EMAIL_TRAILING_SPACE:
            return pc.binary_join_element_wise(text, " ", "")
        return pc.binary_join_element_wise(" ", text, " ", "")

    builders: dict[int, Callable[[IntArray], pa.Array]] = {
        code: partial(styled, code=code)
        for code in (EMAIL_TITLE, EMAIL_UPPER, EMAIL_TRAILING_SPACE, EMAIL_PADDED)
    }
    builders[EMAIL_LOWER] = lambda rows: pc.take(plain, pa.array(rows))
    return by_code(style, builders)


def domains(domain: IntArray, typo: BoolArray) -> pa.Array:
    """E-mail domains, mistyped on the given rows."""
    return lookup(
        vocab.EMAIL_DOMAINS + vocab.EMAIL_DOMAIN_TYPOS, domain + np.where(typo, len(vocab.EMAIL_DOMAINS), 0)
    )


def phones(number: IntArray, phone_format: IntArray) -> pa.Array:
    """Phone numbers (9 significant digits, e.g. 612345678) written in the given formats."""

    def formatted(layout: Sequence[str | tuple[int, int]]) -> Callable[[IntArray], pa.Array]:
        def build(rows: IntArray) -> pa.Array:
            digits = digit_chars(number[rows], 9)
            parts = [
                literal_chars(part, len(rows)) if isinstance(part, str) else digits[:, part[0] : part[1]]
                for part in layout
            ]
            return fixed_width(np.hstack(parts))

        return build

    pairs: list[str | tuple[int, int]] = [(1, 3), " ", (3, 5), " ", (5, 7), " ", (7, 9)]
    builders = {
        0: formatted(["0", (0, 9)]),
        1: formatted(["0", (0, 1), " ", *pairs]),
        2: formatted(["0", (0, 1), ".", *[p if not isinstance(p, str) else "." for p in pairs]]),
        3: formatted(["+33 ", (0, 1), " ", *pairs]),
        4: formatted(["+33 ", (0, 1), " ", *[p if not isinstance(p, str) else "-" for p in pairs]]),
        5: formatted(["0033", (0, 9)]),
        6: formatted([(0, 9)]),
        7: formatted(["+33", (0, 9)]),
    }
    return by_code(phone_format, builders)


def booleans(values: BoolArray, spelling: IntArray) -> pa.Array:
    """true/false spelled as the source system does (true, 1, yes, TRUE...)."""
    table = [word for pair in BOOLEAN_SPELLINGS for word in pair]
    return lookup(table, spelling * 2 + np.where(values, 0, 1))
