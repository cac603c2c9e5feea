from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("yrkesresan.core.urls")),
    path("", include("yrkesresan.accounts.urls")),
    path("", include("yrkesresan.organisations.urls")),
    path("", include("yrkesresan.catalog.urls")),
    path("", include("yrkesresan.learning.urls")),
    path("", include("yrkesresan.occasions.urls")),
    path("", include("yrkesresan.trainers.urls")),
    path("", include("yrkesresan.billing.urls")),
    path("", include("yrkesresan.followup.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]
