"""crosschannel.one_edit_apart's cases, asked of DuckDB (test_macros) and of Spark (test_spark): the
same query and the same answers on both engines."""

from __future__ import annotations

from typing import Final

# Name: (SQL of one value, SQL of the other, whether they are one typing error apart).
ONE_EDIT_CASES: Final[dict[str, tuple[str, str, bool | None]]] = {
    "transposed": ("'75011'", "'75101'", True),
    "mistyped": ("'75011'", "'75012'", True),
    "two_errors": ("'75011'", "'75110'", False),
    "equal": ("'dupont'", "'dupont'", False),
    "unknown": ("'dupont'", "null", None),
    "last_letters_swapped": ("'dupont'", "'dupnot'", True),
    "first_letters_swapped": ("'dupont'", "'udpont'", True),
    "last_letter_mistyped": ("'dupont'", "'dupond'", True),
    "letter_dropped": ("'dupont'", "'dupon'", True),
    "letter_added": ("'dupont'", "'duppont'", True),
    "one_of_two_letters_dropped": ("'dupont'", "'dpont'", True),
    "two_letters_added": ("'dupont'", "'dupontel'", False),
    # Same letters, same length, two changes: a Levenshtein 2 that no single swap explains.
    "reversed": ("'abc'", "'cba'", False),
    "distant_letters_swapped": ("'dupont'", "'dtpoun'", False),
}


def one_edit_apart_query() -> str:
    """One row: a column per case, the macro's answer for its two values."""
    columns = ",\n    ".join(
        f'{{{{ crosschannel.one_edit_apart("{value_a}", "{value_b}") }}}} as {name}'
        for name, (value_a, value_b, _) in ONE_EDIT_CASES.items()
    )
    return f"select\n    {columns}"


def expected_answers() -> dict[str, bool | None]:
    return {name: answer for name, (_, _, answer) in ONE_EDIT_CASES.items()}
