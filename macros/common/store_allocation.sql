{#- Where online activity (and any order or lead) is placed on the store map, in this order: the
    agency that owns the white-label site it happened on; the store it names; the customer's home
    store (int_customers__home_stores: most visited, else nearest by postal code). Two columns,
    allocated_store_id (NULL when unallocated) and allocation_rule (white_label_site, named_store,
    home_store, nearest_store or unallocated). Pass 'null' for a rule that cannot apply. -#}
{% macro store_allocation(white_label_store_id, named_store_id, home_store_id, home_store_rule) -%}
    coalesce({{ white_label_store_id }}, {{ named_store_id }}, {{ home_store_id }}) as allocated_store_id,
    case
        when {{ white_label_store_id }} is not null then 'white_label_site'
        when {{ named_store_id }} is not null then 'named_store'
        when {{ home_store_id }} is not null then {{ home_store_rule }}
        else 'unallocated'
    end as allocation_rule
{%- endmacro %}
