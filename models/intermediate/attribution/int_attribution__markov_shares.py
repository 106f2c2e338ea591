"""Each channel's Markov removal effect and credit share, from the counted journeys."""

from crosschannel.attribution import markov_channel_shares


def model(dbt, session):
    dbt.config(materialized="table")
    journeys = dbt.ref("int_attribution__journeys").project("channel_path, is_converted, journeys")
    return markov_channel_shares(journeys.fetchall())
