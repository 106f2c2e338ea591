{#- How a query over a raw table tells erased rows: `joins`, left joins of the suppression list on
    each of the table's erasure keys (to append after `from <raw> as <relation_alias>`), and
    `is_erased`, true when one of them matched. Joins rather than IN subqueries, which some engines
    (Spark) allow only in filters. -#}
{% macro erasure_check(table_name, relation_alias) -%}
    {%- set suppressed = crosschannel.suppressed_keys_relation() -%}
    {%- set expressions = crosschannel.erasure_key_expressions(table_name, relation_alias) -%}
    {%- if suppressed is none or not expressions -%}
        {{- return({'joins': '', 'is_erased': 'false'}) -}}
    {%- endif -%}
    {%- set joins = [] -%}
    {%- set matched = [] -%}
    {%- for expression in expressions -%}
        {%- set alias = 'erasure_key_' ~ loop.index -%}
        {%- do joins.append(
            'left join (select distinct salted_key from ' ~ suppressed ~ ') as ' ~ alias
            ~ ' on ' ~ alias ~ '.salted_key = ' ~ expression) -%}
        {%- do matched.append(alias ~ '.salted_key is not null') -%}
    {%- endfor -%}
    {{- return({'joins': joins | join('\n'), 'is_erased': '(' ~ matched | join(' or ') ~ ')'}) -}}
{%- endmacro %}
