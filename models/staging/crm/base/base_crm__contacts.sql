{{ config(**crosschannel.incremental_by_key_config('delivery_key')) }}

{{ crosschannel.checked_raw_rows(
    'raw_crm_contacts',
    column_types={
        'contact_id': 'text',
        'email': 'text',
        'phone': 'text',
        'first_name': 'text',
        'last_name': 'text',
        'postal_code': 'text',
        'loyalty_id': 'text',
        'source': 'text',
        'email_opt_in': 'boolean',
        'unsubscribed_at': 'timestamp',
        'created_at': 'timestamp',
        'updated_at': 'timestamp',
    },
    key_columns=['contact_id'],
    version_column='updated_at',
    required_columns=['created_at', 'updated_at'],
    accepted_values={'source': ['newsletter', 'contest', 'call_center', 'event', 'other']},
) }}
