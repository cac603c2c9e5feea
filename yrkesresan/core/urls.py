from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("granskning/", views.audit_list, name="audit_list"),
    path("healthz", views.healthz, name="healthz"),
]
