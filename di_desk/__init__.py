"""DI Desk: the partner's desk for Webex Calling Dedicated Instance."""

__version__ = "0.1.0"
