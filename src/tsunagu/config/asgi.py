import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.config.settings")
application = get_asgi_application()

from tsunagu.core.startup import ready_to_serve  # noqa: E402 - needs the settings above

ready_to_serve()
