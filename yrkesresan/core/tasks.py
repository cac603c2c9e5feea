"""Background tasks shared by all apps (run by huey's worker; inline in tests)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from huey.contrib.djhuey import task


@task(retries=3, retry_delay=60)
def send_email_task(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    from_email: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
