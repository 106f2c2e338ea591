{#- A phone number in E.164 (`+33612345678`): separators dropped, `00` read as `+`, a trunk 0
    kept after the calling code dropped (`+33 (0)6...`), and a national number (trunk 0, or the
    bare significant digits) given the calling code of crosschannel__default_phone_country.
    NULL when the digits cannot be a number of that country, or of any country after a `+`
    (8 to 15 digits), so junk never matches. -#}
{% macro normalize_phone(column_name) -%}
    {{- return(adapter.dispatch('normalize_phone', 'crosschannel')(column_name)) -}}
{%- endmacro %}

{% macro default__normalize_phone(column_name) -%}
    {%- set country = crosschannel.phone_country(var('crosschannel__default_phone_country')) -%}
    {%- set code = country.calling_code -%}
    {%- set rest = country.national_digits - 1 -%}
    {%- set digits = "regexp_replace(" ~ column_name ~ ", '[^0-9]', '', 'g')" -%}
    {%- set international = "case"
        ~ " when regexp_matches(trim(" ~ column_name ~ "), '^\\+')"
        ~ " then regexp_replace(" ~ digits ~ ", '^" ~ code ~ "0', '" ~ code ~ "')"
        ~ " when regexp_matches(" ~ digits ~ ", '^00')"
        ~ " then regexp_replace(substr(" ~ digits ~ ", 3), '^" ~ code ~ "0', '" ~ code ~ "')"
        ~ " when regexp_full_match(" ~ digits ~ ", '0[1-9][0-9]{" ~ rest ~ "}')"
        ~ " then '" ~ code ~ "' || substr(" ~ digits ~ ", 2)"
        ~ " when regexp_full_match(" ~ digits ~ ", '[1-9][0-9]{" ~ rest ~ "}')"
        ~ " then '" ~ code ~ "' || " ~ digits
        ~ " end" -%}
    case
        when regexp_full_match({{ international }}, '{{ code }}[1-9][0-9]{ {{- rest -}} }')
            or (
                not regexp_matches({{ international }}, '^{{ code }}')
                and regexp_full_match({{ international }}, '[1-9][0-9]{7,14}')
            )
            then '+' || {{ international }}
    end
{%- endmacro %}

{% macro spark__normalize_phone(column_name) -%}
    {%- set country = crosschannel.phone_country(var('crosschannel__default_phone_country')) -%}
    {%- set code = country.calling_code -%}
    {%- set rest = country.national_digits - 1 -%}
    {%- set digits = "regexp_replace(" ~ column_name ~ ", '[^0-9]', '')" -%}
    {%- set international = "case"
        ~ " when trim(" ~ column_name ~ ") rlike '^\\\\+'"
        ~ " then regexp_replace(" ~ digits ~ ", '^" ~ code ~ "0', '" ~ code ~ "')"
        ~ " when " ~ digits ~ " rlike '^00'"
        ~ " then regexp_replace(substr(" ~ digits ~ ", 3), '^" ~ code ~ "0', '" ~ code ~ "')"
        ~ " when " ~ digits ~ " rlike '^0[1-9][0-9]{" ~ rest ~ "}$'"
        ~ " then '" ~ code ~ "' || substr(" ~ digits ~ ", 2)"
        ~ " when " ~ digits ~ " rlike '^[1-9][0-9]{" ~ rest ~ "}$'"
        ~ " then '" ~ code ~ "' || " ~ digits
        ~ " end" -%}
    case
        when ({{ international }}) rlike '^{{ code }}[1-9][0-9]{ {{- rest -}} }$'
            or (
                not ({{ international }}) rlike '^{{ code }}'
                and ({{ international }}) rlike '^[1-9][0-9]{7,14}$'
            )
            then '+' || {{ international }}
    end
{%- endmacro %}
