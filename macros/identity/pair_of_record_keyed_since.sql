{#- True for a pair (node_id_a, node_id_b of pairs_alias) one of whose records was keyed after since,
    by the keyed_at of keyed_records: the pre-hooks of the incremental pair models delete such pairs.
    One semi-join per side of the pair: a correlated exists on "node_id in (node_id_a, node_id_b)" is
    not decorrelated by DuckDB, and took 10 s over 5.6M candidate pairs at 1M (1 s this way). -#}
{% macro pair_of_record_keyed_since(pairs_alias, keyed_records, since) -%}
    {{ pairs_alias }}.node_id_a in (
        select rekeyed.node_id from {{ keyed_records }} as rekeyed where rekeyed.keyed_at > {{ since }}
    ) or {{ pairs_alias }}.node_id_b in (
        select rekeyed.node_id from {{ keyed_records }} as rekeyed where rekeyed.keyed_at > {{ since }}
    )
{%- endmacro %}
