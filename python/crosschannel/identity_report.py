"""How well the identity graph recovers the generator's truth: pairwise precision and recall.

Scored over the records the build staged (web accounts, store cards, CRM contacts, leads): two
records form a true pair when the truth gives them the same person, a predicted pair when
dim_customer_source_records gives them the same customer. Records the build quarantined are not
scored (they have no customer); the truth's cookies and orders are not records.

Recall by error kind (truth/record_errors.csv): of the true pairs in which either record carries a
typing error of that kind, the share the build put in one customer; `none` is the pairs of two
records without any error. A pair with two kinds of error counts under both.

The recall ceiling: a deterministic rule needs more than a name to link two records, because a full
name is shared by several people (in the 100k world, of the full names two customers carry, 83 in
3,715 are one person). A pair the build split is a name-only miss when its person's records in the
two customers share no value but names: no e-mail or loyalty number (within one typing error), phone,
birth date (or its day and month swapped) or postal code (within one digit); placeholder e-mails and
phones are no evidence. The recall ceiling is the recall were every other missed pair found; the
recall within reach is the recall of the true pairs less the name-only misses.

Links by rule (marts.fct_customer_links): of the links between two scored records, per rule and key
type, how many join two people: a false merge traced to the rule that made it.
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
# The same as SQL rows, for a `record_types (record_type, source_system) as (values ...)` CTE.
TRUTH_RECORD_TYPES_SQL = ", ".join(f"('{kind}', '{system}')" for kind, system in _TRUTH_SOURCE_SYSTEMS.items())


@dataclass(frozen=True)
class ErrorRecall:
    error_kind: str
    records: int
    true_pairs: int
    correct_pairs: int

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


@dataclass(frozen=True)
class RuleLinks:
    link_rule: str
    key_type: str
    links: int
    false_links: int

    @property
    def false_share(self) -> float:
        return self.false_links / self.links if self.links else 0.0


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
    name_only_missed_pairs: int
    recall_by_error: tuple[ErrorRecall, ...] = ()
    links_by_rule: tuple[RuleLinks, ...] = ()

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def recall_ceiling(self) -> float:
        """The recall were every missed pair found whose two customers share more than a name."""
        return 1 - self.name_only_missed_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def recall_within_reach(self) -> float:
        """The recall of the true pairs less those name-only misses."""
        within_reach = self.true_pairs - self.name_only_missed_pairs
        return self.correct_pairs / within_reach if within_reach else 1.0

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
    mapping = TRUTH_RECORD_TYPES_SQL
    with duckdb.connect(str(database_path), read_only=True) as con:
        con.execute(
            f"""
            create temp table scored as
            with
            record_types (record_type, source_system) as (values {mapping}),
            truth as (
                select record_types.source_system, truth.record_id, truth.person_id
                from read_csv(?, all_varchar = true) as truth
                inner join record_types on truth.record_type = record_types.record_type
            )
            select records.source_system, records.source_record_id, records.customer_id, truth.person_id
            from marts.dim_customer_source_records as records
            inner join truth
                on records.source_system = truth.source_system
                and records.source_record_id = truth.record_id
            where records.is_staged_record
            """,
            [str(truth_file)],
        )
        row = con.execute(
            """
            with
            cells as (select customer_id, person_id, count(*) as n from scored group by all),
            customers as (select customer_id, count(*) as n from scored group by all),
            persons as (select person_id, count(*) as n from scored group by all),
            -- A person recovered exactly: all their records in one customer that holds no one else's.
            single_customer_persons as (
                select person_id, min(customer_id) as customer_id
                from scored
                group by person_id
                having count(distinct customer_id) = 1
            ),
            single_person_customers as (
                select customer_id from scored group by customer_id having count(distinct person_id) = 1
            ),
            exact as (
                select single_customer_persons.person_id
                from single_customer_persons
                inner join single_person_customers
                    on single_customer_persons.customer_id = single_person_customers.customer_id
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
            """
        ).fetchone()
        errors_file = truth_dir / "record_errors.csv"
        by_error = _recall_by_error(con, errors_file, mapping) if errors_file.is_file() else ()
        name_only_missed_pairs = _name_only_missed_pairs(con)
        links_by_rule = _links_by_rule(con)
    assert row is not None
    return IdentityReport(
        *(int(value) for value in row),
        name_only_missed_pairs=name_only_missed_pairs,
        recall_by_error=by_error,
        links_by_rule=links_by_rule,
    )


def _name_only_missed_pairs(con: duckdb.DuckDBPyConnection) -> int:
    """The true pairs the build split whose two customers share nothing but names: no record of the
    person in one customer shares an e-mail or a loyalty number (within one typing error), a phone, a
    birth date (or its day and month swapped) or a postal code (within one digit) with one in the other."""
    row = con.execute(
        """
        with
        evidence as (
            select
                scored.person_id,
                scored.customer_id,
                case when not keyed.is_placeholder_email then keyed.normalized_email end as email,
                case when not keyed.is_placeholder_phone then keyed.phone_key end as phone_key,
                keyed.normalized_loyalty_id as loyalty_id,
                keyed.birth_date,
                keyed.postal_code
            from scored
            inner join intermediate.int_identity__keyed_records as keyed
                on keyed.node_id = scored.source_system || ':' || scored.source_record_id
        ),
        fragments as (select person_id, customer_id, count(*) as records from scored group by all),
        sharing_fragments as (
            select distinct a.person_id, a.customer_id as customer_a, b.customer_id as customer_b
            from evidence as a
            inner join evidence as b on a.person_id = b.person_id and a.customer_id < b.customer_id
            where damerau_levenshtein(a.email, b.email) <= 1
                or a.phone_key = b.phone_key
                or damerau_levenshtein(a.loyalty_id, b.loyalty_id) <= 1
                or damerau_levenshtein(a.postal_code, b.postal_code) <= 1
                or a.birth_date = b.birth_date
                or (
                    year(a.birth_date) = year(b.birth_date)
                    and month(a.birth_date) = day(b.birth_date)
                    and day(a.birth_date) = month(b.birth_date)
                )
        )
        select coalesce(sum(fragment_a.records * fragment_b.records), 0)
        from fragments as fragment_a
        inner join fragments as fragment_b
            on fragment_a.person_id = fragment_b.person_id and fragment_a.customer_id < fragment_b.customer_id
        anti join sharing_fragments
            on fragment_a.person_id = sharing_fragments.person_id
            and fragment_a.customer_id = sharing_fragments.customer_a
            and fragment_b.customer_id = sharing_fragments.customer_b
        """
    ).fetchone()
    assert row is not None
    return int(row[0])


def _links_by_rule(con: duckdb.DuckDBPyConnection) -> tuple[RuleLinks, ...]:
    """Per rule and key type, the links of fct_customer_links between two scored records, and those
    joining two people; none when the build has no fct_customer_links."""
    has_links = con.execute(
        "select count(*) from information_schema.tables"
        " where table_schema = 'marts' and table_name = 'fct_customer_links'"
    ).fetchone()
    if not has_links or not has_links[0]:
        return ()
    rows = con.execute(
        """
        select
            links.link_rule,
            links.key_type,
            count(*) as links,
            count(*) filter (where record_a.person_id <> record_b.person_id) as false_links
        from marts.fct_customer_links as links
        inner join scored as record_a
            on links.node_id_a = record_a.source_system || ':' || record_a.source_record_id
        inner join scored as record_b
            on links.node_id_b = record_b.source_system || ':' || record_b.source_record_id
        group by links.link_rule, links.key_type
        order by false_links desc, links desc, links.link_rule, links.key_type
        """
    ).fetchall()
    return tuple(RuleLinks(str(rule), str(key_type), int(links), int(false)) for rule, key_type, links, false in rows)


def _recall_by_error(con: duckdb.DuckDBPyConnection, errors_file: Path, mapping: str) -> tuple[ErrorRecall, ...]:
    rows = con.execute(
        f"""
        with
        record_types (record_type, source_system) as (values {mapping}),
        errors as (
            select distinct scored.source_system, scored.source_record_id, errors.error_kind
            from read_csv(?, all_varchar = true) as errors
            inner join record_types on errors.record_type = record_types.record_type
            inner join scored
                on record_types.source_system = scored.source_system
                and errors.record_id = scored.source_record_id
        ),
        pairs as (
            select
                a.source_system as system_a, a.source_record_id as record_a,
                b.source_system as system_b, b.source_record_id as record_b,
                a.customer_id = b.customer_id as is_found
            from scored as a
            inner join scored as b
                on a.person_id = b.person_id
                and a.source_system || ':' || a.source_record_id < b.source_system || ':' || b.source_record_id
        ),
        pair_errors as (
            select pairs.*, errors.error_kind
            from pairs
            inner join errors on pairs.system_a = errors.source_system and pairs.record_a = errors.source_record_id
            union
            select pairs.*, errors.error_kind
            from pairs
            inner join errors on pairs.system_b = errors.source_system and pairs.record_b = errors.source_record_id
        ),
        clean_pairs as (
            select 'none' as error_kind, pairs.*
            from pairs
            anti join errors as errors_a
                on pairs.system_a = errors_a.source_system and pairs.record_a = errors_a.source_record_id
            anti join errors as errors_b
                on pairs.system_b = errors_b.source_system and pairs.record_b = errors_b.source_record_id
        ),
        kinds as (
            select error_kind, count(*) as records from errors group by error_kind
            union all
            select 'none', (select count(*) from scored) - (select count(distinct (source_system, source_record_id)) from errors)
        ),
        counted as (
            select error_kind, count(*) as true_pairs, count(*) filter (where is_found) as correct_pairs
            from pair_errors
            group by error_kind
            union all
            select 'none', count(*), count(*) filter (where is_found) from clean_pairs
        )
        select kinds.error_kind, kinds.records, coalesce(counted.true_pairs, 0), coalesce(counted.correct_pairs, 0)
        from kinds
        left join counted on kinds.error_kind = counted.error_kind
        order by kinds.error_kind = 'none' desc, kinds.error_kind
        """,
        [str(errors_file)],
    ).fetchall()
    return tuple(ErrorRecall(str(kind), int(records), int(true), int(correct)) for kind, records, true, correct in rows)
