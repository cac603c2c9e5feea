import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL resolver, templates) lives as long as the process.
# Moving it out of the garbage collector's reach keeps each collection short: pages that build many
# objects (Stationen's 500 rows) otherwise pay for re-scanning the whole framework (docs/benchmarks.md).
gc.freeze()
