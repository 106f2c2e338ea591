{{ config(**crosschannel.incremental_by_key_config('delivery_key')) }}

{#- A member is identified by campaign and key; only exact copies of a row are re-deliveries,
    so a key assigned to both groups stays visible to the incrementality models. -#}
{{ crosschannel.checked_raw_rows(
    'raw_campaign_audience',
    column_types={
        'campaign_id': 'text',
        'audience_key_type': 'text',
        'audience_key': 'text',
        'assignment_group': 'text',
        'assigned_at': 'timestamp',
    },
    key_columns=['campaign_id', 'audience_key_type', 'audience_key'],
    required_columns=['assignment_group'],
    accepted_values={
        'audience_key_type': ['email', 'phone', 'cookie_id', 'account_id', 'store_customer_id', 'contact_id'],
        'assignment_group': ['treatment', 'control'],
    },
    deduplicate_on=['campaign_id', 'audience_key_type', 'audience_key', 'assignment_group', 'assigned_at'],
) }}
