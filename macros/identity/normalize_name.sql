{#- A name in match form: lowercase, accents folded (Hélène -> helene), hyphens, apostrophes
    and runs of spaces as one space (Jean-Pierre = jean pierre), other characters dropped. -#}
{% macro normalize_name(column_name) -%}
    {{- return(adapter.dispatch('normalize_name', 'crosschannel')(column_name)) -}}
{%- endmacro %}

{#- Portable: the accented letters the sources hold folded by translate (strip_accents is DuckDB's),
    every match replaced by the three-argument regexp_replace (see regex_replace_all); backslashes
    single, as standard SQL literals keep them. -#}
{% macro default__normalize_name(column_name) -%}
    nullif(trim(regexp_replace(
        regexp_replace(
            translate(lower({{ column_name }}), 'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœ', 'aaaaaaaceeeeiiiinoooooouuuuyyo'),
            '[^a-z\s''-]', ''
        ),
        '[\s''-]+', ' '
    )), '')
{%- endmacro %}

{% macro duckdb__normalize_name(column_name) -%}
    nullif(trim(regexp_replace(
        regexp_replace(strip_accents(lower({{ column_name }})), '[^a-z\s''-]', '', 'g'),
        '[\s''-]+', ' ', 'g'
    )), '')
{%- endmacro %}

{#- Spark has no strip_accents: the accented letters of the names the sources hold are folded
    by translate. -#}
{% macro spark__normalize_name(column_name) -%}
    nullif(trim(regexp_replace(
        regexp_replace(
            translate(lower({{ column_name }}), 'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœ', 'aaaaaaaceeeeiiiinoooooouuuuyyo'),
            '[^a-z\\s''-]', ''
        ),
        '[\\s''-]+', ' '
    )), '')
{%- endmacro %}
