{#- The host name of a URL, lowercased and without a leading www. (https://www.Google.fr/search
    gives google.fr); NULL when the value is no absolute URL. -#}
{% macro url_host(url) -%}
    nullif(
        regexp_replace(lower(regexp_extract({{ url }}, '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)', 1)), '^www[0-9]*[.]', ''),
        ''
    )
{%- endmacro %}
