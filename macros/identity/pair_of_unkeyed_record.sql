{#- True for a pair (node_id_a, node_id_b of pairs_alias) one of whose records is no longer keyed
    (int_identity__keyed_records deleted it): the pre-hooks of the incremental pair models delete
    such pairs, which no run would compute again. -#}
{% macro pair_of_unkeyed_record(pairs_alias) -%}
    not exists (
        select 1 from {{ ref('int_identity__keyed_records') }} as records
        where records.node_id = {{ pairs_alias }}.node_id_a
    ) or not exists (
        select 1 from {{ ref('int_identity__keyed_records') }} as records
        where records.node_id = {{ pairs_alias }}.node_id_b
    )
{%- endmacro %}
