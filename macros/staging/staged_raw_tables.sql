{#- Each raw contract table with the checked (base) model and the staging model built from it:
    the quality models reconcile every raw row through this list. -#}
{% macro staged_raw_tables() -%}
    {{- return([
        {'raw': 'raw_web_accounts', 'checked': 'base_web__accounts', 'staged': 'stg_web__accounts'},
        {'raw': 'raw_store_customers', 'checked': 'base_store__customers', 'staged': 'stg_store__customers'},
        {'raw': 'raw_crm_contacts', 'checked': 'base_crm__contacts', 'staged': 'stg_crm__contacts'},
        {'raw': 'raw_web_events', 'checked': 'base_web__events', 'staged': 'stg_web__events'},
        {'raw': 'raw_leads', 'checked': 'base_sales__leads', 'staged': 'stg_sales__leads'},
        {'raw': 'raw_orders', 'checked': 'base_sales__orders', 'staged': 'stg_sales__orders'},
        {'raw': 'raw_stores', 'checked': 'base_store__stores', 'staged': 'stg_store__stores'},
        {'raw': 'raw_sites', 'checked': 'base_web__sites', 'staged': 'stg_web__sites'},
        {'raw': 'raw_products', 'checked': 'base_sales__products', 'staged': 'stg_sales__products'},
        {'raw': 'raw_campaigns', 'checked': 'base_marketing__campaigns', 'staged': 'stg_marketing__campaigns'},
        {'raw': 'raw_campaign_audience', 'checked': 'base_marketing__campaign_audience', 'staged': 'stg_marketing__campaign_audience'},
        {'raw': 'raw_campaign_touches', 'checked': 'base_marketing__campaign_touches', 'staged': 'stg_marketing__campaign_touches'},
    ]) -}}
{%- endmacro %}
