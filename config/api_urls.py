from django.urls import path
from rest_framework.routers import DefaultRouter

from yrkesresan.accounts.api import MeView, PersonViewSet, RoleAssignmentViewSet
from yrkesresan.billing import api as billing_api
from yrkesresan.catalog.api import CourseViewSet, JourneyViewSet
from yrkesresan.core.api_audit import AuditEventViewSet
from yrkesresan.followup import api as followup_api
from yrkesresan.learning.api import CourseProgressViewSet, EnrolmentViewSet, MyJourneysView, MyTaskDoneView
from yrkesresan.occasions.api import OccasionViewSet, RegistrationViewSet
from yrkesresan.organisations.api import MunicipalityViewSet, RegionViewSet, UnitViewSet
from yrkesresan.trainers import api as trainers_api
from yrkesresan.trainers import api_calls as trainer_calls_api
from yrkesresan.trainers import api_meetings as trainer_meetings_api

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("journeys", JourneyViewSet, basename="journey")
router.register("courses", CourseViewSet, basename="course")
router.register("audit-events", AuditEventViewSet, basename="auditevent")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("course-progress", CourseProgressViewSet, basename="courseprogress")
router.register("occasions", OccasionViewSet, basename="occasion")
router.register("registrations", RegistrationViewSet, basename="registration")
for module in (trainers_api, trainer_calls_api, trainer_meetings_api, billing_api, followup_api):
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("me/", MeView.as_view(), name="api_me"),
    path("me/journeys/", MyJourneysView.as_view(), name="api_my_journeys"),
    path("me/tasks/<int:pk>/done/", MyTaskDoneView.as_view(), name="api_my_task_done"),
    *trainers_api.URLS,
    *trainer_calls_api.URLS,
    *trainer_meetings_api.URLS,
    *billing_api.URLS,
    *followup_api.URLS,
    *router.urls,
]
