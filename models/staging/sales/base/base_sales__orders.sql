{{ config(**crosschannel.incremental_by_key_config('delivery_key')) }}

{{ crosschannel.checked_raw_rows(
    'raw_orders',
    column_types={
        'order_id': 'text',
        'ordered_at': 'timestamp',
        'channel': 'text',
        'source_system': 'text',
        'source_customer_id': 'text',
        'store_id': 'text',
        'site_id': 'text',
        'lead_id': 'text',
        'product_id': 'text',
        'quantity': 'integer',
        'revenue': 'money',
        'margin': 'money',
        'currency': 'text',
        'status': 'text',
    },
    key_columns=['order_id'],
    required_columns=['ordered_at', 'channel', 'source_system', 'source_customer_id', 'product_id', 'quantity', 'revenue', 'status'],
    accepted_values={
        'channel': ['web', 'store', 'call_center'],
        'source_system': ['web', 'store', 'crm'],
        'status': ['confirmed', 'cancelled', 'refunded'],
    },
    rules=[
        {'reason': 'negative_value', 'column': 'quantity', 'fails_when': 'quantity <= 0'},
        {'reason': 'negative_value', 'column': 'revenue', 'fails_when': 'revenue < 0'},
    ],
) }}
