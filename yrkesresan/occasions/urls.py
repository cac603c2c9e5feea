from .views import attendance, planning, signup

urlpatterns = [*planning.urlpatterns, *signup.urlpatterns, *attendance.urlpatterns]
