{#- A street address in match form: lowercase, accents folded, each run of characters other than
    letters and digits as one space (4, Rue de l'Église = 4 rue de l eglise); NULL when nothing is
    left. Clerks write one address with or without a comma after the number, in capitals or not. -#}
{% macro normalize_address(address_line) -%}
    {{- return(adapter.dispatch('normalize_address', 'crosschannel')(address_line)) -}}
{%- endmacro %}

{#- Portable: the accented letters folded by translate (strip_accents is DuckDB's). -#}
{% macro default__normalize_address(address_line) -%}
    {%- set folded = "translate(lower(" ~ address_line ~ "), "
        ~ "'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœ', 'aaaaaaaceeeeiiiinoooooouuuuyyo')" -%}
    nullif(trim({{ crosschannel.regex_replace_all(folded, "'[^a-z0-9]+'", "' '") }}), '')
{%- endmacro %}

{% macro duckdb__normalize_address(address_line) -%}
    nullif(trim({{ crosschannel.regex_replace_all(
        "strip_accents(lower(" ~ address_line ~ "))", "'[^a-z0-9]+'", "' '") }}), '')
{%- endmacro %}
