"""The edit-distance macros' cases (crosschannel.one_edit_apart, crosschannel.within_two_edits), asked of
DuckDB (test_macros) and of Spark (test_spark): the same query and the same answers on both engines."""

from __future__ import annotations

from typing import Final

EDIT_DISTANCE_MACROS: Final = ("one_edit_apart", "within_two_edits")

# Name: (SQL of one value, SQL of the other, one_edit_apart's answer, within_two_edits' answer).
EDIT_DISTANCE_CASES: Final[dict[str, tuple[str, str, bool | None, bool | None]]] = {
    "transposed": ("'75011'", "'75101'", True, True),
    "mistyped": ("'75011'", "'75012'", True, True),
    "two_errors": ("'75011'", "'75110'", False, True),
    "equal": ("'dupont'", "'dupont'", False, True),
    "unknown": ("'dupont'", "null", None, None),
    "last_letters_swapped": ("'dupont'", "'dupnot'", True, True),
    "first_letters_swapped": ("'dupont'", "'udpont'", True, True),
    "last_letter_mistyped": ("'dupont'", "'dupond'", True, True),
    "letter_dropped": ("'dupont'", "'dupon'", True, True),
    "letter_added": ("'dupont'", "'duppont'", True, True),
    "one_of_two_letters_dropped": ("'dupont'", "'dpont'", True, True),
    "two_letters_added": ("'dupont'", "'dupontel'", False, True),
    "three_letters_added": ("'dupont'", "'dupontelle'", False, False),
    # Same letters, same length, two changes: a Levenshtein 2 that no single swap explains.
    "reversed": ("'abc'", "'cba'", False, True),
    "distant_letters_swapped": ("'dupont'", "'dtpoun'", False, False),
    # Two errors of which one is a swap of neighbours: a Levenshtein 3 (dubois typed duboit, then dubios).
    "swap_and_mistype": ("'duboit'", "'dubios'", False, True),
    "two_swaps": ("'dupont'", "'udpotn'", False, True),
    "swap_and_two_mistypes": ("'dupont'", "'udpoxr'", False, False),
    "three_mistypes": ("'vasseur'", "'vbssfvr'", False, False),
}


def edit_distance_query() -> str:
    """One row: a column per macro and case, `<macro>__<case>`, the macro's answer for the case's two values."""
    columns = ",\n    ".join(
        f'{{{{ crosschannel.{macro}("{value_a}", "{value_b}") }}}} as {macro}__{name}'
        for macro in EDIT_DISTANCE_MACROS
        for name, (value_a, value_b, *_) in EDIT_DISTANCE_CASES.items()
    )
    return f"select\n    {columns}"


def expected_answers() -> dict[str, bool | None]:
    return {
        f"{macro}__{name}": answers[index]
        for index, macro in enumerate(EDIT_DISTANCE_MACROS)
        for name, (_, _, *answers) in EDIT_DISTANCE_CASES.items()
    }
