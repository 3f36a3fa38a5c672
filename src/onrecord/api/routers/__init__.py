"""One router per area of the API, assembled in ``onrecord.api.app``."""
