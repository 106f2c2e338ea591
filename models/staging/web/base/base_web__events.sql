{{ config(**crosschannel.incremental_by_key_config('delivery_key')) }}

{{ crosschannel.checked_raw_rows(
    'raw_web_events',
    column_types={
        'event_id': 'text',
        'event_at': 'timestamp',
        'cookie_id': 'text',
        'account_id': 'text',
        'site_id': 'text',
        'event_type': 'text',
        'product_id': 'text',
        'lead_id': 'text',
        'order_id': 'text',
        'utm_source': 'text',
        'utm_medium': 'text',
        'utm_campaign': 'text',
        'referrer': 'text',
        'device': 'text',
    },
    key_columns=['event_id'],
    required_columns=['event_at', 'cookie_id', 'event_type'],
    accepted_values={
        'event_type': ['page_view', 'product_view', 'search', 'lead_start', 'lead_submit', 'add_to_cart', 'order'],
        'device': ['desktop', 'mobile', 'tablet'],
    },
) }}
