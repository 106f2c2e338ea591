"""The raw source contract (docs/raw_contract.md) as data: table -> ordered columns.

The dbt sources YAML declares the same tables and columns; a test keeps the two equal.
"""

from __future__ import annotations

from typing import Final

RAW_TABLES: Final[dict[str, tuple[str, ...]]] = {
    "raw_web_accounts": (
        "account_id", "site_id", "email", "phone", "first_name", "last_name", "birth_date",
        "postal_code", "loyalty_id", "email_opt_in", "created_at", "updated_at",
    ),
    "raw_store_customers": (
        "store_customer_id", "store_id", "email", "phone", "first_name", "last_name",
        "birth_date", "postal_code", "address_line", "city", "loyalty_id", "email_opt_in",
        "created_at", "updated_at",
    ),
    "raw_crm_contacts": (
        "contact_id", "email", "phone", "first_name", "last_name", "postal_code", "loyalty_id",
        "source", "email_opt_in", "unsubscribed_at", "created_at", "updated_at",
    ),
    "raw_web_events": (
        "event_id", "event_at", "cookie_id", "account_id", "site_id", "event_type", "product_id",
        "lead_id", "order_id", "utm_source", "utm_medium", "utm_campaign", "referrer", "device",
    ),
    "raw_leads": (
        "lead_id", "created_at", "channel", "source_system", "source_customer_id", "cookie_id",
        "email", "phone", "first_name", "last_name", "store_id", "product_id", "lead_type",
        "quoted_amount", "status",
    ),
    "raw_orders": (
        "order_id", "ordered_at", "channel", "source_system", "source_customer_id", "store_id",
        "site_id", "lead_id", "product_id", "quantity", "revenue", "margin", "currency", "status",
    ),
    "raw_stores": (
        "store_id", "name", "network", "region", "city", "postal_code", "opened_at", "closed_at",
    ),
    "raw_sites": ("site_id", "name", "kind", "store_id"),
    "raw_products": ("product_id", "name", "category", "list_price"),
    "raw_campaigns": (
        "campaign_id", "name", "channel", "objective", "start_at", "end_at", "cost", "currency",
        "holdout_share",
    ),
    "raw_campaign_audience": (
        "campaign_id", "audience_key_type", "audience_key", "assignment_group", "assigned_at",
    ),
    "raw_campaign_touches": (
        "campaign_id", "audience_key_type", "audience_key", "touched_at", "touch_type",
    ),
}
