{{ config(**crosschannel.incremental_by_key_config('delivery_key')) }}

{#- Touches have no identifier: only exact copies of a row are re-deliveries. -#}
{{ crosschannel.checked_raw_rows(
    'raw_campaign_touches',
    column_types={
        'campaign_id': 'text',
        'audience_key_type': 'text',
        'audience_key': 'text',
        'touched_at': 'timestamp',
        'touch_type': 'text',
    },
    key_columns=['campaign_id', 'audience_key_type', 'audience_key'],
    required_columns=['touched_at', 'touch_type'],
    accepted_values={
        'audience_key_type': ['email', 'phone', 'cookie_id', 'account_id', 'store_customer_id', 'contact_id'],
        'touch_type': ['sent', 'delivered', 'impression', 'open', 'click'],
    },
    deduplicate_on=['campaign_id', 'audience_key_type', 'audience_key', 'touched_at', 'touch_type'],
) }}
