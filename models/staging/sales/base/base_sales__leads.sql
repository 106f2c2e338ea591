{{ config(**crosschannel.incremental_by_key_config('delivery_key')) }}

{{ crosschannel.checked_raw_rows(
    'raw_leads',
    column_types={
        'lead_id': 'text',
        'created_at': 'timestamp',
        'channel': 'text',
        'source_system': 'text',
        'source_customer_id': 'text',
        'cookie_id': 'text',
        'email': 'text',
        'phone': 'text',
        'first_name': 'text',
        'last_name': 'text',
        'store_id': 'text',
        'product_id': 'text',
        'lead_type': 'text',
        'quoted_amount': 'money',
        'status': 'text',
    },
    key_columns=['lead_id'],
    required_columns=['created_at', 'channel', 'lead_type'],
    accepted_values={
        'channel': ['web', 'store', 'call_center'],
        'source_system': ['web', 'store', 'crm'],
        'lead_type': ['quote', 'test_drive', 'appointment', 'callback'],
        'status': ['open', 'won', 'lost'],
    },
    rules=[
        {'reason': 'negative_value', 'column': 'quoted_amount', 'fails_when': 'quoted_amount < 0'},
    ],
) }}
