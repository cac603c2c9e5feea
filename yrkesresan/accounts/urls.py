from django.urls import path

from . import views

urlpatterns = [
    path("personer/", views.person_list, name="person_list"),
    path("personer/export/", views.person_export, name="person_export"),
    path("personer/ny/", views.person_create, name="person_create"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
    path("personer/<int:pk>/andra/", views.person_edit, name="person_edit"),
    path("personer/<int:pk>/roller/ny/", views.person_role_add, name="person_role_add"),
    path("personer/<int:pk>/roller/<int:assignment_pk>/avsluta/", views.person_role_end, name="person_role_end"),
    path("personer/<int:pk>/inaktivera/", views.person_deactivate, name="person_deactivate"),
    path("personer/<int:pk>/aktivera/", views.person_activate, name="person_activate"),
    path("personer/<int:pk>/losenord/", views.person_set_password, name="person_set_password"),
    path("mitt-konto/", views.my_account, name="my_account"),
    path("mitt-konto/api-nyckel/", views.my_api_token, name="my_api_token"),
]
