{{ config(**crosschannel.incremental_by_key_config('delivery_key')) }}

{{ crosschannel.checked_raw_rows(
    'raw_store_customers',
    column_types={
        'store_customer_id': 'text',
        'store_id': 'text',
        'email': 'text',
        'phone': 'text',
        'first_name': 'text',
        'last_name': 'text',
        'birth_date': 'date',
        'postal_code': 'text',
        'address_line': 'text',
        'city': 'text',
        'loyalty_id': 'text',
        'email_opt_in': 'boolean',
        'created_at': 'timestamp',
        'updated_at': 'timestamp',
    },
    key_columns=['store_customer_id'],
    version_column='updated_at',
    required_columns=['store_id', 'created_at', 'updated_at'],
) }}
