{#- What an intent audience counts research events in: a retargeting audience per product
    category (with the last product researched in it), a test_drive_push audience per product
    (the one product researched repeatedly). -#}
{% macro audience_intent_group(audience_kind, product_category, product_id) -%}
    case when {{ audience_kind }} = 'retargeting' then {{ product_category }} else {{ product_id }} end
{%- endmacro %}
