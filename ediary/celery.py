import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ediary.settings.base")

app = Celery("ediary")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def retryable_task(*args, **kwargs):
    """A task that is safe to run twice: acknowledged only once it is done,
    so a worker lost mid-run hands it to another worker."""
    kwargs.setdefault("acks_late", True)
    return app.task(*args, **kwargs)
