"""Pricing strategy for the test shop, selected by settings.SHOP_TAX_MODE.

Oscar's class loader looks for partner.strategy classes here first and falls back
to oscar.apps.partner.strategy for every name this module does not define.
"""
from decimal import Decimal

from django.conf import settings
from oscar.apps.partner import strategy


class Vat20(strategy.UK):
    """Oscar's UK strategy: the stockrecord price is net and 20 % tax is added.

    Oscar 4.2's FixedRateTax rounds that tax to 4 decimal places, which makes
    basket lines warn "The price of 'Hoodie' has decreased from €47.99 to €47.99".
    Rounding to cents avoids that warning.
    """

    rate = Decimal("0.20")
    exponent = Decimal("0.01")


class Selector(strategy.Selector):
    def strategy(self, request=None, user=None, **kwargs):
        if settings.SHOP_TAX_MODE == "none":
            return strategy.Default(request)
        return Vat20(request)
