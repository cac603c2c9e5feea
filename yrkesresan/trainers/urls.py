from .views import calls, meetings, mine, pool, reports, teams

urlpatterns = [
    *pool.urlpatterns,
    *teams.urlpatterns,
    *mine.urlpatterns,
    *calls.urlpatterns,
    *meetings.urlpatterns,
    *reports.urlpatterns,
]
