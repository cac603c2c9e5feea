from .views import bases, setup

urlpatterns = [*setup.urlpatterns, *bases.urlpatterns]
