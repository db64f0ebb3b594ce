"""URL routes: the REST API under /api/, Django admin, and Oscar's HTML shop at /."""
from django.apps import apps
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/", include("oscarapi.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
