{{ config(**crosschannel.incremental_by_key_config('delivery_key')) }}

{{ crosschannel.checked_raw_rows(
    'raw_web_accounts',
    column_types={
        'account_id': 'text',
        'site_id': 'text',
        'email': 'text',
        'phone': 'text',
        'first_name': 'text',
        'last_name': 'text',
        'birth_date': 'date',
        'postal_code': 'text',
        'loyalty_id': 'text',
        'email_opt_in': 'boolean',
        'created_at': 'timestamp',
        'updated_at': 'timestamp',
    },
    key_columns=['account_id'],
    version_column='updated_at',
    required_columns=['email', 'created_at', 'updated_at'],
) }}
