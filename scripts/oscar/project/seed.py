"""Seed a freshly migrated database with the fixed test catalogue.

Run from the project directory: python seed.py (OSCAR_DB selects the file).
The ids of products, stockrecords and users are part of the contract with the
tests, so the script rejects a database that already has products and checks
every id after creating it.
"""
import os
import sys
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sites.models import Site  # noqa: E402
from django.db import transaction  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

Country = get_model("address", "Country")
Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

CURRENCY = "EUR"

# (alpha-2, alpha-3, numeric, printable name, official name)
SHIPPING_COUNTRIES = [
    ("GB", "GBR", "826", "United Kingdom", "United Kingdom of Great Britain and Northern Ireland"),
    ("NL", "NLD", "528", "Netherlands", "Kingdom of the Netherlands"),
    ("US", "USA", "840", "United States", "United States of America"),
]

# Created in this order, so a fresh database gives product ids 1 to 8.
# Columns: id, UPC, title, description, product class key, structure,
# parent UPC, price, stock. A price of None means no stockrecord, and a stock
# of None means the stock is not tracked.
PRODUCTS = [
    (1, "TSHIRT-001", "Oscar T-shirt", "Plain cotton tee", "physical", "standalone", None, "12.50", 100),
    (2, "HOODIE-001", "Hoodie", "Only three left", "physical", "standalone", None, "39.99", 3),
    (3, "CAP-001", "Sold-out cap", "Stockrecord with zero stock", "physical", "standalone", None, "9.00", 0),
    (4, "EBOOK-001", "Django e-book", "Download, no shipping, stock not tracked", "digital", "standalone", None, "7.99", None),
    (5, "NOPRICE-001", "Product without stockrecord", "Has no price and cannot be bought", "physical", "standalone", None, None, None),
    (6, "POLO", "Polo shirt", "Parent of the S and M variants", "physical", "parent", None, None, None),
    (7, "POLO-S", "Polo shirt S", "", None, "child", "POLO", "20.00", 10),
    (8, "POLO-M", "Polo shirt M", "", None, "child", "POLO", "22.00", 0),
]

# Stockrecord ids follow product order, skipping products without a price.
EXPECTED_STOCKRECORD_IDS = {
    "TSHIRT-001": 1,
    "HOODIE-001": 2,
    "CAP-001": 3,
    "EBOOK-001": 4,
    "POLO-S": 5,
    "POLO-M": 6,
}

# username, password, email, is_superuser (superusers are also staff), DRF token
USERS = [
    ("admin", "admin-password", "admin@example.com", True, "f" * 40),
    ("alice", "alice-password", "alice@example.com", False, "a" * 40),
]


def create_site():
    # Oscar puts the site domain into e-mails. It is not used to build API links.
    Site.objects.update_or_create(
        id=1, defaults={"domain": "127.0.0.1:8000", "name": "kassa test shop"}
    )


def create_countries():
    for alpha2, alpha3, numeric, printable_name, name in SHIPPING_COUNTRIES:
        Country.objects.create(
            iso_3166_1_a2=alpha2,
            iso_3166_1_a3=alpha3,
            iso_3166_1_numeric=numeric,
            printable_name=printable_name,
            name=name,
            is_shipping_country=True,
        )


def create_product_classes():
    physical = ProductClass.objects.create(
        name="T-shirt", slug="t-shirt", requires_shipping=True, track_stock=True
    )
    digital = ProductClass.objects.create(
        name="E-book", slug="e-book", requires_shipping=False, track_stock=False
    )
    return {"physical": physical, "digital": digital}


def create_products(product_classes, partner, clothing):
    products_by_upc = {}
    for product_id, upc, title, description, class_key, structure, parent_upc, price, stock in PRODUCTS:
        product = Product.objects.create(
            upc=upc,
            title=title,
            description=description,
            structure=structure,
            product_class=product_classes[class_key] if class_key else None,
            parent=products_by_upc[parent_upc] if parent_upc else None,
            is_public=True,
        )
        if product.id != product_id:
            raise RuntimeError(f"{upc} got id {product.id}, expected {product_id}")
        products_by_upc[upc] = product

        # Oscar rejects a product class or a category on a child product, so the
        # children get both from their parent.
        if class_key == "physical":
            ProductCategory.objects.create(product=product, category=clothing)

        if price is not None:
            stockrecord = StockRecord.objects.create(
                product=product,
                partner=partner,
                partner_sku=upc,
                price_currency=CURRENCY,
                price=Decimal(price),
                num_in_stock=stock,
                num_allocated=0 if stock is not None else None,
                low_stock_threshold=2 if stock is not None else None,
            )
            expected_id = EXPECTED_STOCKRECORD_IDS[upc]
            if stockrecord.id != expected_id:
                raise RuntimeError(
                    f"stockrecord of {upc} got id {stockrecord.id}, expected {expected_id}"
                )


def create_users():
    for username, password, email, is_superuser, token in USERS:
        if is_superuser:
            user = User.objects.create_superuser(username, email, password)
        else:
            user = User.objects.create_user(username, email, password)
        Token.objects.create(user=user, key=token)


@transaction.atomic
def seed():
    existing = Product.objects.count()
    if existing:
        sys.exit(
            f"seed.py needs a freshly migrated database, but it already has "
            f"{existing} products: {settings.DATABASES['default']['NAME']}"
        )

    create_site()
    create_countries()
    product_classes = create_product_classes()
    partner = Partner.objects.create(code="acme", name="Acme")
    clothing = Category.objects.add_root(create_kwargs={"name": "Clothing", "slug": "clothing"})
    create_products(product_classes, partner, clothing)
    create_users()


if __name__ == "__main__":
    seed()
    print(
        f"seeded {Product.objects.count()} products, "
        f"{StockRecord.objects.count()} stockrecords, "
        f"{Country.objects.count()} shipping countries, "
        f"{User.objects.count()} users"
    )
