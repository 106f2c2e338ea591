{#- Fails with an error naming every contract column that a raw relation lacks. The expected
    columns are those declared for the table in the `raw` source: the contract lives there once. -#}
{% macro assert_contract_columns(relation, table_name) -%}
    {%- set found_columns = run_query('select * from ' ~ relation ~ ' where 1 = 0').column_names
        | map('lower') | list -%}
    {%- set missing_columns = [] -%}
    {%- for column_name in crosschannel.contract_columns(table_name) -%}
        {%- if column_name | lower not in found_columns -%}
            {%- do missing_columns.append(column_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing_columns -%}
        {{ exceptions.raise_compiler_error(
            "crosschannel: raw table '" ~ table_name ~ "' is missing contract column(s): "
            ~ missing_columns | join(', ') ~ " (read from " ~ relation ~ ")") }}
    {%- endif -%}
{%- endmacro %}
