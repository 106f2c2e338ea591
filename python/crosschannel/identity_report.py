"""How well the identity graph recovers the generator's truth: pairwise precision and recall.

Scored over the records the build staged (web accounts, store cards, CRM contacts, leads): two
records form a true pair when the truth gives them the same person, a predicted pair when
dim_customer_source_records gives them the same customer. Records the build quarantined are not
scored (they have no customer); the truth's cookies and orders are not records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

# The truth file's record types, as source systems of dim_customer_source_records.
_TRUTH_SOURCE_SYSTEMS = {
    "web_account": "web",
    "store_customer": "store",
    "crm_contact": "crm",
    "lead": "lead",
}


@dataclass(frozen=True)
class IdentityReport:
    records: int
    persons: int
    customers: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    persons_recovered_exactly: int
    largest_customer_records: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def exact_share(self) -> float:
        return self.persons_recovered_exactly / self.persons if self.persons else 1.0


def identity_report(database_path: Path, truth_dir: Path) -> IdentityReport:
    """Score dim_customer_source_records of a built database against truth_dir/identity.csv."""
    truth_file = truth_dir / "identity.csv"
    if not truth_file.is_file():
        raise FileNotFoundError(f"no ground truth at {truth_file}")
    if not database_path.is_file():
        raise FileNotFoundError(f"no built database at {database_path}")
    mapping = ", ".join(f"('{kind}', '{system}')" for kind, system in _TRUTH_SOURCE_SYSTEMS.items())
    with duckdb.connect(str(database_path), read_only=True) as con:
        row = con.execute(
            f"""
            with
            record_types (record_type, source_system) as (values {mapping}),
            truth as (
                select record_types.source_system, truth.record_id, truth.person_id
                from read_csv(?, all_varchar = true) as truth
                inner join record_types on truth.record_type = record_types.record_type
            ),
            scored as (
                select records.customer_id, truth.person_id
                from marts.dim_customer_source_records as records
                inner join truth
                    on records.source_system = truth.source_system
                    and records.source_record_id = truth.record_id
                where records.is_staged_record
            ),
            cells as (select customer_id, person_id, count(*) as n from scored group by all),
            customers as (select customer_id, count(*) as n from scored group by all),
            persons as (select person_id, count(*) as n from scored group by all),
            exact as (
                select cells.person_id
                from cells
                inner join customers on cells.customer_id = customers.customer_id
                inner join persons on cells.person_id = persons.person_id
                where cells.n = customers.n and cells.n = persons.n
            )
            select
                (select count(*) from scored),
                (select count(*) from persons),
                (select count(*) from customers),
                (select coalesce(sum(n * (n - 1) // 2), 0) from persons),
                (select coalesce(sum(n * (n - 1) // 2), 0) from customers),
                (select coalesce(sum(n * (n - 1) // 2), 0) from cells),
                (select count(*) from exact),
                (select coalesce(max(n), 0) from customers)
            """,
            [str(truth_file)],
        ).fetchone()
    assert row is not None
    return IdentityReport(*(int(value) for value in row))
