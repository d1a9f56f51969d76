from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from marketplace.demo.loader import load_demo_data


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chủ thể, sản phẩm OCOP, giá, ảnh, tồn kho, tài khoản demo) nếu chưa nạp."

    def handle(self, *args, **options):
        result = load_demo_data()
        if not result.created:
            self.stdout.write("Dữ liệu mẫu đã được nạp trước đó (already loaded): không làm gì thêm.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp dữ liệu mẫu: {result.producers} chủ thể, {result.products} sản phẩm, "
                f"{result.variants} quy cách."
            )
        )
        self._print_accounts(result)

    def _print_accounts(self, result):
        roles = dict(get_user_model().Role.choices)
        rows = [(str(roles[account.role]), account.email, result.password) for account in result.accounts]
        widths = [max(len(row[column]) for row in [("Vai trò", "Email", "Mật khẩu"), *rows]) for column in range(3)]
        self.stdout.write("")
        for role, email, password in [("Vai trò", "Email", "Mật khẩu"), *rows]:
            self.stdout.write(f"  {role:<{widths[0]}}  {email:<{widths[1]}}  {password}")
