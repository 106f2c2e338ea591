{#- A text with everything but the letters a-z removed (les-dubois-martin3 gives lesduboismartin). -#}
{% macro letters_only(value) -%}
    {{- return(adapter.dispatch('letters_only', 'crosschannel')(value)) -}}
{%- endmacro %}

{#- regexp_replace with three arguments replaces every match on most engines (PostgreSQL's the first
    only: it would need 'g', as DuckDB does). -#}
{% macro default__letters_only(value) -%}
    regexp_replace({{ value }}, '[^a-z]', '')
{%- endmacro %}

{% macro duckdb__letters_only(value) -%}
    regexp_replace({{ value }}, '[^a-z]', '', 'g')
{%- endmacro %}

{% macro spark__letters_only(value) -%}
    regexp_replace({{ value }}, '[^a-z]', '')
{%- endmacro %}
