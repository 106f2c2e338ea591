"""A whole run: reference data, then chunk after chunk of persons, each appended to the output files.

Every random draw comes from numpy.random.default_rng seeded from SeedSequence(seed): child 0 draws
the reference data, child i + 1 chunk i. With the fixed calendar and no dependence on the clock or
the machine, the same seed and number of persons give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crosschannel.contract import RAW_TABLES
from crosschannel.generator import vocabulary as vocab
from crosschannel.generator.arrays import BoolArray
from crosschannel.generator.chunk import Chunk, Counters, simulate_chunk
from crosschannel.generator.clock import ACTIVITY_END, ACTIVITY_START, DST_CHANGES, utc_text
from crosschannel.generator.config import (
    CHUNK_PERSONS,
    GENERATOR_VERSION,
    MAX_PERSONS,
    Parameters,
    changed_parameters,
)
from crosschannel.generator.defects import DEFECT_COLUMNS, REASONS, Delivery, deliver, duplicated_rows
from crosschannel.generator.lexicon import Lexicon, build_lexicon
from crosschannel.generator.people import PROFILES, EmailRegistry
from crosschannel.generator.reference import Reference, build_reference, campaign_ids, reference_tables
from crosschannel.generator.sales import QUOTE, STORE, WEB, expected_caused_order_cents
from crosschannel.generator.tables import (
    audience_columns,
    audience_keys,
    back_office_columns,
    event_columns,
    lead_columns,
    order_columns,
    touch_columns,
)
from crosschannel.generator.truth import (
    DEFINITIONS,
    CampaignTotals,
    campaigns_table,
    defects_table,
    funnel_table,
    intents_table,
    identity_table,
    kept_rows,
    leads_table,
    member_outcomes,
    members_table,
    order_flags,
    orders_table,
    person_id_digits,
    persons_table,
    record_errors_table,
)
from crosschannel.generator.writer import FileFormat, Outputs

TRUTH_FILES: dict[str, tuple[str, ...]] = {
    "identity": ("record_type", "record_id", "person_id"),
    "record_errors": ("record_type", "record_id", "error_kind"),
    "persons": (
        "person_id",
        "household_id",
        "first_name",
        "last_name",
        "birth_date",
        "email",
        "mobile_phone",
        "landline",
        "postal_code",
        "region",
        "home_store_id",
        "loyalty_id",
        "favourite_category",
    ),
    "orders": (
        "order_id",
        "person_id",
        "channel",
        "ordered_at_utc",
        "revenue",
        "is_ropo",
        "is_identifiable_ropo",
        "ropo_site_id",
        "ropo_product_match",
        "is_reverse_ropo",
        "converted_lead_id",
        "caused_by_campaign_id",
    ),
    "leads": ("lead_id", "person_id", "channel", "journey", "converted_order_id", "is_started_online"),
    "intents": ("person_id", "last_intent_at_utc", "last_conversion_at_utc"),
    "campaigns": (
        "campaign_id",
        "true_relative_lift",
        "baseline_conversion_rate",
        "true_absolute_lift",
        "true_revenue_lift_per_member",
        "response_window_days",
        "members_treatment",
        "members_control",
        "conversions_treatment",
        "conversions_control",
        "contaminated_persons",
        "control_touched_members",
        "itt_members",
        "true_itt_control_conversion_rate",
        "true_itt_absolute_lift",
        "true_itt_relative_lift",
        "true_itt_revenue_lift_per_member",
        "true_itt_margin_lift_per_member",
    ),
    "campaign_members": (
        "campaign_id",
        "person_id",
        "assignment_group",
        "converted",
        "revenue_in_window",
        "audience_key_type",
        "audience_key",
        "is_contaminated",
        "is_control_touched",
        "is_exposed",
        "is_analysed",
        "true_itt_conversion_effect",
    ),
    "funnel_stages": ("person_id", "month", "stage"),
    "staging_expectations": ("table_name", "outcome", "reason", "rows"),
    "defects": ("table_name", "row_number", "record_key", "reason", "column", "value"),
}
_ACTIVITY_TABLES = (
    "raw_web_events",
    "raw_leads",
    "raw_orders",
    "raw_campaign_audience",
    "raw_campaign_touches",
)


@dataclass(frozen=True)
class GenerationSummary:
    """What a run wrote: where, for how many persons, with which seed, and rows per raw table."""

    out_dir: Path
    persons: int
    seed: int
    rows_per_table: dict[str, int]


@dataclass
class _Tally:
    """Counts accumulated over chunks for staging_expectations.csv and metadata.json."""

    outcomes: Counter[tuple[str, str, str]] = dataclasses.field(default_factory=Counter)
    injected: Counter[str] = dataclasses.field(default_factory=Counter)
    email_members: set[int] = dataclasses.field(default_factory=set)

    def deliveries(self, table: str, delivery: Delivery) -> None:
        shared = self._shared_email_members(delivery) if table == "raw_campaign_audience" else 0
        self.outcomes[(table, "staged", "")] += delivery.records - len(delivery.defects) - shared
        self.outcomes[(table, "superseded", "")] += delivery.repeated + shared
        for reason in delivery.defects.reasons:
            self.outcomes[(table, "quarantined", reason)] += 1

    def _shared_email_members(self, delivery: Delivery) -> int:
        """Valid audience rows whose member another person's row already stands for.

        A typo'd copy of one person's e-mail can be another person's address: if both join a
        campaign in the same group, their two rows read the same once trimmed (assigned_at is the
        campaign start for all) and staging, which cannot tell them apart, keeps one. Other keys
        are one person's (phones, ids, cookies) or one row per household (family e-mails).
        """
        first = {name: values.slice(0, delivery.records) for name, values in delivery.columns.items()}
        valid = np.ones(delivery.records, dtype=bool)
        valid[delivery.defects.rows] = False
        is_email = pc.equal(_canonical(first["audience_key_type"]), "email").to_numpy(zero_copy_only=False)
        rows = pa.array(np.flatnonzero(valid & is_email))
        members = pc.binary_join_element_wise(
            first["campaign_id"].take(rows),
            pc.utf8_trim(first["audience_key"].take(rows), " "),
            _canonical(first["assignment_group"].take(rows)),
            "\x1f",
        ).to_pylist()
        shared = 0
        for member in members:
            fingerprint = hash(member)
            if fingerprint in self.email_members:
                shared += 1
            else:
                self.email_members.add(fingerprint)
        return shared


def _canonical(values: pa.Array) -> pa.Array:
    """An enum as staging compares it: trimmed and lowercased (case noise is not a new value)."""
    return pc.utf8_lower(pc.utf8_trim(values, " "))


def generate(
    persons: int,
    seed: int,
    out_dir: Path,
    file_format: FileFormat = "csv",
    progress: Callable[[int], None] | None = None,
    parameters: Parameters | None = None,
) -> GenerationSummary:
    """Write the 12 raw contract tables and truth/ for `persons` simulated persons.

    `parameters` changes the simulated world (default: Parameters()); metadata.json records all of
    them and, under parameters_set, those that differ from the defaults.
    """
    if not 1 <= persons <= MAX_PERSONS:
        raise ValueError(f"persons must be between 1 and {MAX_PERSONS:,}, got {persons}")
    if file_format not in ("csv", "parquet"):
        raise ValueError(f"file_format must be csv or parquet, got {file_format!r}")
    params = parameters or Parameters()
    out_dir = Path(out_dir)
    truth_dir = out_dir / "truth"
    truth_dir.mkdir(parents=True, exist_ok=True)
    # A folder holding both formats would be read as Parquet: drop the other format's tables.
    stale = "parquet" if file_format == "csv" else "csv"
    for table in RAW_TABLES:
        (out_dir / f"{table}.{stale}").unlink(missing_ok=True)

    chunks = math.ceil(persons / CHUNK_PERSONS)
    streams = np.random.SeedSequence(seed).spawn(chunks + 1)
    reference_rng = np.random.default_rng(streams[0])
    ref = build_reference(reference_rng, persons, params)
    lexicon = build_lexicon(reference_rng)
    digits = person_id_digits(persons)
    tally = _Tally()
    totals = CampaignTotals.empty(len(ref.campaigns.channel))

    with Outputs() as outputs:
        for table, names in RAW_TABLES.items():
            outputs.open(table, out_dir / f"{table}.{file_format}", names, file_format)
        for name, names in TRUTH_FILES.items():
            outputs.open(name, truth_dir / f"{name}.csv", names, "csv")
        # Reference tables are delivered once; the larger ones get defects like any table. Products
        # row i is product i; those staging quarantines have no known category.
        staged_products = np.ones(len(ref.products.category), dtype=bool)
        for table, columns in reference_tables(reference_rng, ref, params).items():
            breakable = (
                table in DEFECT_COLUMNS
                and len(next(iter(columns.values()))) >= params.defect_min_reference_rows
            )
            none = np.zeros(0, dtype=np.int64)
            delivery = deliver(reference_rng, table, columns, params, breakable=breakable, repeated_rows=none)
            if table == "raw_products":
                staged_products[delivery.defects.rows] = False
            _write(outputs, tally, table, delivery)

        counters = Counters()
        registry = EmailRegistry()
        for index in range(chunks):
            rng = np.random.default_rng(streams[index + 1])
            count = min(CHUNK_PERSONS, persons - counters.persons)
            chunk = simulate_chunk(rng, ref, lexicon, registry, params, counters, count)
            counters = chunk.counters_after(counters)
            _write_chunk(rng, outputs, tally, totals, chunk, ref, lexicon, params, digits, staged_products)
            if progress is not None:
                progress(count)

        outputs.write("campaigns", campaigns_table(totals, ref, expected_caused_order_cents(ref)))
        outputs.write("staging_expectations", _expectations(tally))
        rows = {table: outputs.rows(table) for table in RAW_TABLES}

    metadata = _metadata(persons, seed, params, ref, tally, totals, rows)
    (truth_dir / "metadata.json").write_text(
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return GenerationSummary(out_dir=out_dir, persons=persons, seed=seed, rows_per_table=rows)


def _write(outputs: Outputs, tally: _Tally, table: str, delivery: Delivery) -> None:
    """Append a delivery to its raw file, its defects to truth/defects.csv, and count its outcomes."""
    if len(delivery.defects):
        outputs.write("defects", defects_table(table, delivery.defects, outputs.rows(table)))
    outputs.write(table, delivery.columns)
    tally.deliveries(table, delivery)


def _write_chunk(
    rng: np.random.Generator,
    outputs: Outputs,
    tally: _Tally,
    totals: CampaignTotals,
    chunk: Chunk,
    ref: Reference,
    lexicon: Lexicon,
    params: Parameters,
    digits: int,
    staged_products: BoolArray,
) -> None:
    """Render, deliver and write a chunk's raw tables, then its truth."""
    deliveries: dict[str, Delivery] = {}
    for table, versions in back_office_columns(chunk, lexicon, ref).items():
        deliveries[table] = deliver(
            rng,
            table,
            versions.first,
            params,
            breakable=True,
            repeated_rows=versions.repeated,
            second=versions.second,
        )
    keys = audience_keys(chunk, lexicon)
    activity = {
        "raw_web_events": event_columns(rng, chunk, ref, params),
        "raw_leads": lead_columns(rng, chunk, lexicon, ref, params),
        "raw_orders": order_columns(rng, chunk, ref, params),
        "raw_campaign_audience": audience_columns(rng, chunk, keys, ref, params),
        "raw_campaign_touches": touch_columns(rng, chunk, keys, ref, params),
    }
    for table in _ACTIVITY_TABLES:
        first = activity[table]
        repeated = duplicated_rows(rng, len(next(iter(first.values()))), params.duplicated_row_share)
        deliveries[table] = deliver(rng, table, first, params, breakable=True, repeated_rows=repeated)
    for table, delivery in deliveries.items():
        _write(outputs, tally, table, delivery)

    kept = kept_rows(chunk, {table: delivery.defects for table, delivery in deliveries.items()})
    flags = order_flags(chunk, kept, ref, staged_products)
    outcomes = member_outcomes(chunk, kept, ref, expected_caused_order_cents(ref))
    totals.add(chunk, outcomes)
    outputs.write("identity", identity_table(chunk, kept, digits))
    outputs.write("record_errors", record_errors_table(chunk, kept))
    outputs.write("persons", persons_table(chunk, lexicon, ref, digits))
    outputs.write("orders", orders_table(chunk, kept, flags, ref, digits))
    outputs.write("leads", leads_table(chunk, kept, digits))
    outputs.write("campaign_members", members_table(chunk, outcomes, keys, ref, digits))
    outputs.write("funnel_stages", funnel_table(chunk, kept, ref, digits))
    outputs.write("intents", intents_table(chunk, kept, digits))

    orders, leads = chunk.orders, chunk.leads
    offline = orders.channel != WEB
    tally.injected.update(
        {
            "store_orders": int(np.sum(orders.channel == STORE)),
            "store_orders_with_research_visit": int(orders.ropo_research.sum()),
            "offline_orders": int(offline.sum()),
            "offline_orders_flagged_ropo": int(flags.is_ropo.sum()),
            "offline_orders_flagged_identifiable_ropo": int(flags.is_identifiable_ropo.sum()),
            "web_orders_and_quotes": int(
                np.sum(orders.channel == WEB) + np.sum((leads.channel == WEB) & (leads.lead_type == QUOTE))
            ),
            "showrooming_store_leads": int(leads.reverse_ropo.sum()),
            "web_orders": int(np.sum(orders.channel == WEB)),
            "web_orders_flagged_reverse_ropo": int(flags.is_reverse_ropo.sum()),
            "campaign_caused_orders": int(np.sum(orders.campaign >= 0)),
            "redelivered_records": len(chunk.redelivery.record),
        }
    )


def _expectations(tally: _Tally) -> dict[str, pa.Array]:
    """staging_expectations.csv: per table, staged and superseded rows, quarantined rows per reason."""
    rows: list[tuple[str, str, str, int]] = []
    for table in RAW_TABLES:
        rows.append((table, "staged", "", tally.outcomes[(table, "staged", "")]))
        rows.append((table, "superseded", "", tally.outcomes[(table, "superseded", "")]))
        rows.extend(
            (table, "quarantined", reason, tally.outcomes[(table, "quarantined", reason)])
            for reason in REASONS
            if tally.outcomes[(table, "quarantined", reason)]
        )
    return {
        name: pa.array([str(row[i]) for row in rows], pa.string())
        for i, name in enumerate(TRUTH_FILES["staging_expectations"])
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 0.0


def _metadata(
    persons: int,
    seed: int,
    params: Parameters,
    ref: Reference,
    tally: _Tally,
    totals: CampaignTotals,
    rows: dict[str, int],
) -> dict[str, object]:
    """metadata.json: what produced the data set, the truth definitions and the injected shares."""
    injected = tally.injected
    campaigns = ref.campaigns
    ids = campaign_ids(len(campaigns.channel)).to_pylist()
    defects = {
        table: {
            reason: count
            for (name, outcome, reason), count in sorted(tally.outcomes.items())
            if name == table and outcome == "quarantined"
        }
        for table in RAW_TABLES
    }
    return {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "persons": persons,
        "chunk_persons": CHUNK_PERSONS,
        "source_timezone": "Europe/Paris",
        "activity_start_utc": utc_text(ACTIVITY_START),
        "activity_end_utc": utc_text(ACTIVITY_END),
        "daylight_saving_changes_utc": [utc_text(instant) for instant in DST_CHANGES],
        "counts": {
            "stores": len(ref.stores.region),
            "sites": len(ref.sites.store),
            "products": len(ref.products.category),
            "campaigns": len(campaigns.channel),
        },
        "rows_per_table": rows,
        "parameters": dataclasses.asdict(params),
        "parameters_set": changed_parameters(params),
        "contact_profiles": {source: dataclasses.asdict(profile) for source, profile in PROFILES.items()},
        "definitions": DEFINITIONS,
        "injected": {
            "store_orders_with_research_visit_share": _share(
                injected["store_orders_with_research_visit"], injected["store_orders"]
            ),
            "offline_orders_flagged_ropo_share": _share(
                injected["offline_orders_flagged_ropo"], injected["offline_orders"]
            ),
            "offline_orders_flagged_identifiable_ropo_share": _share(
                injected["offline_orders_flagged_identifiable_ropo"], injected["offline_orders"]
            ),
            "web_orders_and_quotes_with_showrooming_lead_share": _share(
                injected["showrooming_store_leads"], injected["web_orders_and_quotes"]
            ),
            "web_orders_flagged_reverse_ropo_share": _share(
                injected["web_orders_flagged_reverse_ropo"], injected["web_orders"]
            ),
            "campaign_caused_orders": injected["campaign_caused_orders"],
            "redelivered_records": injected["redelivered_records"],
            "superseded_rows": {table: tally.outcomes[(table, "superseded", "")] for table in RAW_TABLES},
            "quarantined_rows": defects,
        },
        "campaigns": [
            {
                "campaign_id": ids[c],
                "channel": vocab.CAMPAIGN_CHANNELS[int(campaigns.channel[c])],
                "start_utc": utc_text(int(campaigns.start_at[c])),
                "end_utc": utc_text(int(campaigns.end_at[c])),
                "holdout_share": float(campaigns.holdout_share[c]),
                "audience_share": round(float(campaigns.audience_share[c]), 6),
                "true_relative_lift": round(float(campaigns.relative_lift[c]), 6),
                "members": int(totals.sums["members_treatment"][c] + totals.sums["members_control"][c]),
            }
            for c in range(len(campaigns.channel))
        ],
    }
