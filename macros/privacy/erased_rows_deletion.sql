{#- A statement deleting, from a table that outlives rebuilds (the customer id registry, the merge
    log), the rows naming an erased node or customer: a post-hook, as rebuilding does not remove
    them. key_type is node or customer; a row goes when any of the columns is suppressed. -#}
{% macro erased_rows_deletion(key_type, columns) -%}
    delete from {{ this }}
    where
        {%- for column in columns %}
        {{ 'or ' if not loop.first }}{{ crosschannel.erasure_node_key(column) if key_type == 'node'
            else crosschannel.salted_key(key_type, column) }}
        in (
            select salted_key from {{ crosschannel.suppressed_keys_relation() }}
            where key_type = '{{ key_type }}'
        )
        {%- endfor %}
{%- endmacro %}
