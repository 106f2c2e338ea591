{#- Whether an intent event (a product view or an online lead start) still counts for an audience
    anchored at an instant: within the window_days days before the anchor, and after the
    member's latest conversion (NULL: none). The caller keeps events before the anchor: the end
    of the data for mart_audiences, a campaign's start for mart_campaign_audience_lift. -#}
{% macro is_open_intent(event_at, anchor_at, window_days, last_converted_at) -%}
    ({{ event_at }} > {{ dbt.dateadd('day', '-1 * ' ~ window_days, anchor_at) }}
    and ({{ last_converted_at }} is null or {{ event_at }} > {{ last_converted_at }}))
{%- endmacro %}
