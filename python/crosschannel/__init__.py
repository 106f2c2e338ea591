"""crosschannel: single customer view and cross-channel marketing marts for retail networks."""

__version__ = "0.1.0"
