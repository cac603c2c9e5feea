from django.urls import path

from . import views

urlpatterns = [
    path("katalog/", views.catalog_index, name="catalog_index"),
    path("info/", views.info_index, name="info_index"),
    path("info/ny/", views.info_page_create, name="info_page_create"),
    path("info/<slug:slug>/", views.info_page, name="info_page"),
    path("info/<slug:slug>/andra/", views.info_page_edit, name="info_page_edit"),
    path("katalog/kurser/<int:pk>/", views.course_detail, name="course_detail"),
    path("katalog/kurser/<int:pk>/andra/", views.course_edit, name="course_edit"),
    path("katalog/kurser/<int:pk>/uppgifter/ny/", views.task_create, name="task_create"),
    path("katalog/uppgifter/<int:pk>/", views.task_detail, name="task_detail"),
    path("katalog/uppgifter/<int:pk>/fil/", views.task_file, name="task_file"),
    path("katalog/uppgifter/<int:pk>/andra/", views.task_edit, name="task_edit"),
    path("katalog/uppgifter/<int:pk>/ta-bort/", views.task_delete, name="task_delete"),
    path("katalog/<slug:code>/", views.journey_detail, name="journey_detail"),
    path("katalog/<slug:code>/andra/", views.journey_edit, name="journey_edit"),
    path("katalog/<slug:code>/steg/ny/", views.level_create, name="level_create"),
    path("katalog/<slug:code>/steg/<int:pk>/andra/", views.level_edit, name="level_edit"),
    path("katalog/<slug:code>/kurser/ny/", views.course_create, name="course_create"),
    path("katalog/<slug:code>/redaktorer/", views.journey_editors, name="journey_editors"),
    path("katalog/<slug:code>/redaktorer/<int:pk>/ta-bort/", views.journey_editor_remove, name="journey_editor_remove"),
]
