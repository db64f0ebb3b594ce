"""Shipping methods offered for baskets that need shipping.

Oscar's base Repository still replaces them with "no-shipping-required" when
no product in the basket needs shipping.
"""
from decimal import Decimal

from oscar.apps.shipping import methods, repository


class Standard(methods.FixedPrice):
    code = "standard"
    name = "Standard delivery"
    charge_excl_tax = Decimal("5.00")
    charge_incl_tax = Decimal("6.00")


class Repository(repository.Repository):
    # The first method is the default. oscarapi's checkout also uses it in place of
    # an unknown shipping_method_code instead of rejecting the request.
    methods = (Standard(), methods.Free())
