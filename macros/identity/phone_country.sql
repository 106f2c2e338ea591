{#- The calling code and the length of national significant numbers of a country whose
    national numbers start with a trunk 0, for normalize_phone. -#}
{% macro phone_country(country_code) -%}
    {%- set countries = {
        'FR': {'calling_code': '33', 'national_digits': 9},
        'BE': {'calling_code': '32', 'national_digits': 9},
        'CH': {'calling_code': '41', 'national_digits': 9},
        'NL': {'calling_code': '31', 'national_digits': 9},
        'GB': {'calling_code': '44', 'national_digits': 10},
    } -%}
    {%- if country_code not in countries -%}
        {{ exceptions.raise_compiler_error(
            "crosschannel: crosschannel__default_phone_country must be one of "
            ~ countries.keys() | list | join(', ') ~ ", got '" ~ country_code ~ "'") }}
    {%- endif -%}
    {{- return(countries[country_code]) -}}
{%- endmacro %}
