"""Users (email login, optional +84 phone) and the provinces an official may see."""

import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.validators import validate_vn_phone


def _new_jwt_key() -> str:
    return secrets.token_urlsafe(12)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: consumer by default; stall member, official or platform staff by relation/flag."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, validators=[validate_vn_phone])
    language = models.CharField(_("language"), max_length=8, default="vi")
    is_active = models.BooleanField(_("active"), default=True)
    # False only for a self-registered account until its owner opens the emailed link (or resets
    # the password, which proves the same); accounts created by staff, demo seeding or the shell
    # are confirmed from the start, as in Saleor.
    is_confirmed = models.BooleanField(_("email confirmed"), default=True)
    is_staff = models.BooleanField(_("platform staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Rotating this key revokes every JWT issued to the user (password change, sign-out everywhere).
    jwt_key = models.CharField(max_length=32, default=_new_jwt_key)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.jwt_key = _new_jwt_key()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[-1] if self.full_name else self.email


class OfficialScope(models.Model):
    """Makes a user an official, read-only, for one province (2025 code); several rows, several provinces."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="official_scopes")
    province_code = models.PositiveSmallIntegerField(_("province code"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "province_code"], name="uniq_official_province")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.province_code:02d}"
