"""Parameters of the simulated network: every share and rate a run depends on besides seed and persons.

They are plain numbers in one frozen dataclass so that metadata.json can record exactly what produced
a data set, and so that the other modules never hide a magic number.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Final

GENERATOR_VERSION: Final = "1.0.0"

# Persons are simulated in chunks of this size: everything about a person (records, cookies,
# household, orders, campaign touches) is generated inside one chunk, so memory stays bounded and
# each chunk is appended to the output files before the next one starts. Changing it changes the
# random streams, hence the data: it is part of the format, not a tuning knob.
CHUNK_PERSONS: Final = 25_000

PRODUCT_COUNT: Final = 200
MAX_PERSONS: Final = 20_000_000  # id widths (scrambled numbers) are sized for this


def store_count(persons: int) -> int:
    """About one agency per 400 customers, within what a real cooperative has (30 to 1,250)."""
    return min(1250, max(30, persons // 400))


def campaign_count(persons: int) -> int:
    """Enough campaigns to analyse at any size, never more than a marketing team runs in two years."""
    return max(12, min(60, persons // 200))


@dataclass(frozen=True)
class Parameters:
    """Shares (0-1), means and rates of the simulation; recorded whole in truth/metadata.json."""

    # Reference data
    brand_store_share: float = 0.20
    partner_store_share: float = 0.20
    closed_store_share: float = 0.04
    white_label_store_share: float = 0.28

    # Persons and households
    household_person_share: float = 0.15
    family_email_household_share: float = 0.30
    family_email_member_use: float = 0.70
    singleton_landline_share: float = 0.30
    loyalty_share: float = 0.40
    second_store_share: float = 0.30  # persons who also go to a second agency

    # Back offices
    web_account_share: float = 0.55
    second_web_account_share: float = 0.10
    store_card_share: float = 0.60
    second_card_share: float = 0.80  # card holders with a second agency also carded there (~24% of them)
    crm_contact_share: float = 0.45
    crm_unsubscribed_share: float = 0.08
    loyalty_shown_share: float = 0.85
    history_record_share: float = 0.60  # records created before the activity window

    # Browsing
    browser_share: float = 0.75
    cookie_count_weights: tuple[float, float, float, float] = (0.45, 0.30, 0.15, 0.10)
    organic_visits_per_cookie: float = 2.4  # mean of the Poisson part, on top of the first visit
    browse_events_per_visit: float = 2.6  # mean of the Poisson part, on top of the landing page
    login_cookie_share: float = 0.65
    dst_night_visit_share: float = 0.003

    # Sales (means per person over the two years, before the activity multiplier)
    orders_per_person: float = 0.45
    leads_per_person: float = 0.40
    order_channel_weights: tuple[float, float, float] = (0.35, 0.55, 0.10)  # web, store, call_center
    lead_channel_weights: tuple[float, float, float] = (0.45, 0.40, 0.15)
    confirmed_share: float = 0.90
    cancelled_share: float = 0.07
    chf_order_share: float = 0.01
    chf_per_eur: float = 0.94
    margin_missing_share: float = 0.10

    # Journeys of leads (shares of the leads of each channel)
    web_lead_to_store_share: float = 0.15
    web_lead_to_web_share: float = 0.20
    store_lead_to_web_share: float = 0.12
    store_lead_to_store_share: float = 0.30
    call_center_lead_converted_share: float = 0.25

    # ROPO and showrooming
    ropo_store_order_share: float = 0.40
    ropo_same_product_share: float = 0.70
    reverse_ropo_share: float = 0.25

    # Campaigns
    audience_share_range: tuple[float, float] = (0.05, 0.30)
    holdout_shares: tuple[float, ...] = (0.10, 0.15, 0.20, 0.50)
    max_relative_lift: float = 0.60
    null_effect_campaign_share: float = 0.15
    control_touched_share: float = 0.03  # control members touched anyway (non-compliance)
    contaminated_member_share: float = 0.02  # members also in the other group under another id
    response_extra_days: int = 14

    # Noise (valid values) and delivery problems
    offset_timestamp_share: float = 0.05
    email_typo_share: float = 0.02
    name_typo_share: float = 0.02
    birth_date_swap_share: float = 0.02
    # Errors the default world leaves out (0: not drawn at all), which the messy preset turns on:
    name_heard_share: float = 0.0  # a name spelled by ear (Dupond for Dupont), per written name
    names_swapped_share: float = 0.0  # first and last name in each other's field, per record with both
    postal_code_typo_share: float = 0.0  # one digit mistyped or two transposed, per written postal code
    loyalty_typo_share: float = 0.0  # the same in a loyalty card number, per record
    email_left_out_share: float = 0.0  # e-mails left out on top of each source's own missing share
    blank_string_share: float = 0.15  # missing values written as '' rather than null (Parquet)
    enum_case_noise_share: float = 0.01
    redelivered_record_share: float = 0.02
    duplicated_row_share: float = 0.01
    defect_share: float = 0.005
    defect_min_reference_rows: int = 200


# Named worlds: `default`, and `messy`, card files typed by busy clerks and agents on the phone. At 2,000
# persons (seed 42, measured from the written records and record_errors.csv): 23.7% of the records carry
# a name error, 11.5% of those with a birth date a date error, 10.7% of those with a postal code a wrong
# digit in it, 6.7% first and last name swapped, and 31.0% no e-mail.
PRESETS: Final[dict[str, dict[str, float]]] = {
    "default": {},
    "messy": {
        "name_typo_share": 0.09,
        "name_heard_share": 0.07,
        "names_swapped_share": 0.07,
        "birth_date_swap_share": 0.10,
        "postal_code_typo_share": 0.11,
        "loyalty_typo_share": 0.05,
        "email_typo_share": 0.05,
        "email_left_out_share": 0.16,
    },
}


def preset(name: str) -> Parameters:
    """The parameters of a named world (PRESETS); ValueError naming the known ones otherwise."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}")
    return dataclasses.replace(Parameters(), **PRESETS[name])


def changed_parameters(parameters: Parameters) -> dict[str, object]:
    """The parameters that differ from the defaults, by name (metadata.json's parameters_set)."""
    defaults = Parameters()
    return {
        name: value
        for name, value in dataclasses.asdict(parameters).items()
        if value != getattr(defaults, name)
    }


def with_overrides(overrides: dict[str, str], base: Parameters | None = None) -> Parameters:
    """Parameters with some fields set from text (`name` -> `value`), as `generate --set name=value` gives them.

    Numbers keep their field's type; a tuple is written comma-separated (`holdout_shares=0.1,0.5`).
    An unknown name or a value of the wrong type raises ValueError naming the field.
    """
    base = base or Parameters()
    fields = {field.name: getattr(base, field.name) for field in dataclasses.fields(base)}
    changes: dict[str, object] = {}
    for name, text in overrides.items():
        if name not in fields:
            raise ValueError(f"unknown generator parameter {name!r}; known: {', '.join(sorted(fields))}")
        current = fields[name]
        try:
            if isinstance(current, tuple):
                parts = [part.strip() for part in text.split(",") if part.strip()]
                element = type(current[0]) if current else float
                changes[name] = tuple(element(part) for part in parts)
            else:
                changes[name] = type(current)(text)
        except ValueError as error:
            raise ValueError(f"generator parameter {name} expects {type(current).__name__}, got {text!r}") from error
        if name.endswith("_share") and not 0.0 <= float(changes[name]) <= 1.0:  # type: ignore[arg-type]
            raise ValueError(f"generator parameter {name} is a share between 0 and 1, got {text!r}")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def parse_settings(settings: list[str]) -> dict[str, str]:
    """`name=value` texts (repeated --set options) as a mapping; a text without `=` raises ValueError."""
    parsed: dict[str, str] = {}
    for setting in settings:
        name, equals, value = setting.partition("=")
        if not equals or not name.strip():
            raise ValueError(f"--set expects name=value, got {setting!r}")
        parsed[name.strip()] = value.strip()
    return parsed
