{#- A phone number in E.164 (`+33612345678`): separators dropped, `00` read as `+`, a trunk 0
    kept after the calling code dropped (`+33 (0)6...`), and a national number (trunk 0, or the
    bare significant digits) given the calling code of crosschannel__default_phone_country.
    NULL when the digits cannot be a number of that country, or of any country after a `+`
    (8 to 15 digits), so junk never matches. -#}
{#- One definition for every engine: the patterns hold no backslash (Spark's literals would eat
    it) and are anchored, and matching and replacing go through the dispatched regex macros. -#}
{% macro normalize_phone(column_name) -%}
    {%- set country = crosschannel.phone_country(var('crosschannel__default_phone_country')) -%}
    {%- set code = country.calling_code -%}
    {%- set rest = country.national_digits - 1 -%}
    {%- set digits = crosschannel.regex_replace_all(column_name, "'[^0-9]'", "''") -%}
    {%- set international = "case"
        ~ " when " ~ crosschannel.regex_matches("trim(" ~ column_name ~ ")", "'^[+]'")
        ~ " then regexp_replace(" ~ digits ~ ", '^" ~ code ~ "0', '" ~ code ~ "')"
        ~ " when " ~ crosschannel.regex_matches(digits, "'^00'")
        ~ " then regexp_replace(substr(" ~ digits ~ ", 3), '^" ~ code ~ "0', '" ~ code ~ "')"
        ~ " when " ~ crosschannel.regex_matches(digits, "'^0[1-9][0-9]{" ~ rest ~ "}$'")
        ~ " then '" ~ code ~ "' || substr(" ~ digits ~ ", 2)"
        ~ " when " ~ crosschannel.regex_matches(digits, "'^[1-9][0-9]{" ~ rest ~ "}$'")
        ~ " then '" ~ code ~ "' || " ~ digits
        ~ " end" -%}
    case
        when {{ crosschannel.regex_matches(international, "'^" ~ code ~ "[1-9][0-9]{" ~ rest ~ "}$'") }}
            or (
                not {{ crosschannel.regex_matches(international, "'^" ~ code ~ "'") }}
                and {{ crosschannel.regex_matches(international, "'^[1-9][0-9]{7,14}$'") }}
            )
            then '+' || {{ international }}
    end
{%- endmacro %}
