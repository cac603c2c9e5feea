from django.urls import path

from . import views

urlpatterns = [
    path("organisationer/", views.organisation_index, name="organisation_index"),
    path("organisationer/regioner/<int:pk>/", views.region_detail, name="region_detail"),
    path("organisationer/kommuner/<int:pk>/", views.municipality_detail, name="municipality_detail"),
    path("organisationer/kommuner/<int:pk>/enheter/ny/", views.unit_create, name="unit_create"),
    path("organisationer/enheter/<int:pk>/andra/", views.unit_edit, name="unit_edit"),
]
