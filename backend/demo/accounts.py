"""Demo accounts: the fixed logins listed in the README, all with password demo12345."""

from backend.accounts.models import OfficialScope, User

DEMO_PASSWORD = "demo12345"
VINH_LONG = 86

DEMO_USERS = (
    # email, full name, phone, is_staff, role shown in demo_info
    ("shopper@demo.vn", "Nguyễn Thị Mai", "+84912345678", False, "consumer"),
    ("coop@demo.vn", "Trần Văn Dừa", "+84913000001", False, "owner of HTX Kẹo dừa Bến Tre"),
    ("coop2@demo.vn", "Lê Thị Vải", "+84913000002", False, "owner of HTX Vải thiều Lục Ngạn"),
    ("official@demo.vn", "Phạm Quốc Sở", "+84913000003", False, "official for Vĩnh Long (read-only)"),
    ("admin@demo.vn", "Quản trị Nông Sàn", "", True, "platform staff (Django admin)"),
)


def seed() -> None:
    for email, full_name, phone, is_staff, _role in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                full_name=full_name,
                phone=phone,
                is_staff=is_staff,
                is_superuser=is_staff,
            )
        if email == "official@demo.vn":
            OfficialScope.objects.get_or_create(user=user, province_code=VINH_LONG)


def info(base_url: str) -> list[str]:
    return [f"  {email:<18} {role}" for email, _n, _p, _s, role in DEMO_USERS]
