from .views import inventory, reports, surveys, yearly

urlpatterns = [*reports.urlpatterns, *surveys.urlpatterns, *inventory.urlpatterns, *yearly.urlpatterns]
