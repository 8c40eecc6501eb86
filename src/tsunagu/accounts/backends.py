"""How a logged-in user is loaded on each request."""

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from tsunagu.accounts.models import User


class ModelBackend(DjangoModelBackend):
    """Django's model backend (password login, permissions), with the user's organization
    read in the same query as the user: every page names it in its header and the access
    policy reads it on every personal record, which was a query of its own on each request."""

    def get_user(self, user_id: int) -> User | None:
        user = User._default_manager.select_related("organization").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
