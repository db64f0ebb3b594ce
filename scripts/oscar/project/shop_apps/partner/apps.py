from oscar.apps.partner import apps


class PartnerConfig(apps.PartnerConfig):
    name = "shop_apps.partner"
