{#- For `crosschannel erase`: per raw table holding personal data, the queries counting its
    delivered rows and selecting those no erasure suppresses, and the CSV encoding it is read in.
    The erase command rewrites each file of crosschannel__raw_path with the kept rows. -#}
{% macro erasure_rewrite_queries() -%}
    {%- set queries = {} -%}
    {%- for table in crosschannel.staged_raw_tables() if crosschannel.erasure_key_expressions(table.raw, 'source') -%}
        {%- set erasure = crosschannel.erasure_check(table.raw, 'source') -%}
        {%- set relation = crosschannel.raw_table(table.raw) -%}
        {%- set encoding = var('crosschannel__raw_encoding') -%}
        {%- do queries.update({table.raw: {
            'encoding': encoding.get(table.raw, 'utf-8') if encoding is mapping else encoding,
            'raw_rows': 'select count(*) from ' ~ relation,
            'kept_rows': 'select source.* from ' ~ relation ~ ' as source ' ~ erasure.joins
                ~ ' where not ' ~ erasure.is_erased,
        }}) -%}
    {%- endfor -%}
    {{- return(queries) -}}
{%- endmacro %}
