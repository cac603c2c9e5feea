from django.urls import path

from . import views

urlpatterns = [
    path("min-resa/", views.my_journey, name="my_journey"),
    path("min-resa/kurs/<int:course_id>/", views.my_course, name="my_course"),
    path("min-resa/kurs/<int:course_id>/uppgift/<int:task_id>/", views.my_task, name="my_task"),
    path("min-resa/uppgift/<int:task_id>/klar/", views.task_done, name="task_done"),
    path("min-resa/uppgift/<int:task_id>/stod/", views.support_flag, name="support_flag"),
    path("min-resa/efter-kursen/<int:item_id>/", views.checklist_tick, name="checklist_tick"),
    path("min-resa/resa/<int:enrolment_id>/pausa/", views.enrolment_pause, name="enrolment_pause"),
    path("min-resa/resa/<int:enrolment_id>/fortsatt/", views.enrolment_resume, name="enrolment_resume"),
    path("personer/<int:pk>/resa/", views.person_journey, name="person_journey"),
    path("stationen/", views.stationen, name="stationen"),
    path("stationen/export/", views.stationen_export, name="stationen_export"),
    path("stationen/placera/", views.enrol_many, name="enrol_many"),
    path("plattformen/", views.plattformen, name="plattformen"),
    path("plattformen/kurs/<int:course_id>/", views.course_package, name="course_package"),
]
