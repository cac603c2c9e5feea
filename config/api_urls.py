from django.urls import path
from rest_framework.routers import DefaultRouter

from yrkesresan.accounts.api import MeView, PersonViewSet, RoleAssignmentViewSet
from yrkesresan.catalog.api import CourseViewSet, JourneyViewSet
from yrkesresan.core.api_audit import AuditEventViewSet
from yrkesresan.organisations.api import MunicipalityViewSet, RegionViewSet, UnitViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("journeys", JourneyViewSet, basename="journey")
router.register("courses", CourseViewSet, basename="course")
router.register("audit-events", AuditEventViewSet, basename="auditevent")

urlpatterns = [path("me/", MeView.as_view(), name="api_me"), *router.urls]
