{#- The hook, as a list for pre_hook or post_hook, of a model maintained incrementally by key
    (crosschannel.incremental_by_key_config) that deletes its kept rows whose key is gone from
    `current_keys`: delete+insert replaces the keys a run computes again, never a key that has no
    row left to insert. Only an incremental run deletes (a full build keeps no row of a gone key); a
    model that is not incremental (rebuilt whole, as on Spark) gets no hook.

    incremental_config  the model's crosschannel.incremental_by_key_config(...): its unique_key
                        names the key columns, alike in the model and in current_keys
    current_keys        Jinja of a relation or a parenthesised select with a row per current key,
                        rendered when the hook runs, e.g. "{{ ref('stg_sales__orders') }}" -#}
{% macro gone_keys_deletion(incremental_config, current_keys) -%}
    {%- if incremental_config.materialized != 'incremental' -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set unique_key = incremental_config.unique_key -%}
    {%- set key_matches = [] -%}
    {%- for column_name in ([unique_key] if unique_key is string else unique_key) -%}
        {%- do key_matches.append('current_keys.' ~ column_name ~ ' = kept.' ~ column_name) -%}
    {%- endfor -%}
    {{- return([
        "{% if is_incremental() %}"
        ~ "delete from {{ this }} as kept where not exists ("
        ~ "select 1 from " ~ current_keys ~ " as current_keys where " ~ key_matches | join(' and ')
        ~ "){% endif %}"
    ]) -}}
{%- endmacro %}
