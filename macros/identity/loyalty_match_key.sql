{#- The match key of a loyalty card number: salted hash of its letters and digits, uppercased. -#}
{% macro loyalty_match_key(loyalty_id) -%}
    {{ crosschannel.salted_key(
        'loyalty',
        "nullif(upper(" ~ crosschannel.regex_replace_all(loyalty_id, "'[^0-9A-Za-z]'", "''") ~ "), '')"
    ) }}
{%- endmacro %}
