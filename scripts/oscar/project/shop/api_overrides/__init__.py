"""Class overrides for django-oscar-api, found through OSCARAPI_OVERRIDE_MODULES."""
