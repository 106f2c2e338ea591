{#- The golden record's contact details, kept out of the BI marts in schema pii: per field, the
    value of the most trusted source holding one (crosschannel__source_trust), its newest record
    first. Placeholders never win. -#}
with

customer_records as (
    select
        customer_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        address_line,
        city,
        survivorship_rank
    from {{ ref('int_identity__customer_records') }}
),

final as (
    select
        customer_id,
        min_by(first_name, survivorship_rank) filter (where first_name is not null) as first_name,
        min_by(last_name, survivorship_rank) filter (where last_name is not null) as last_name,
        min_by(email, survivorship_rank) filter (where email is not null) as email,
        min_by(phone, survivorship_rank) filter (where phone is not null) as phone,
        min_by(birth_date, survivorship_rank) filter (where birth_date is not null) as birth_date,
        min_by(postal_code, survivorship_rank) filter (where postal_code is not null) as postal_code,
        min_by(address_line, survivorship_rank) filter (where address_line is not null)
            as address_line,
        min_by(city, survivorship_rank) filter (where city is not null) as city
    from customer_records
    group by customer_id
)

select * from final
