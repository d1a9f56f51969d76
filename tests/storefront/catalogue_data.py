"""A small Quảng Nam catalogue for storefront tests, built only through the services (no direct model writes
except categories, which have no service yet). Shared by tests/storefront and tests/e2e.
"""

import datetime
import io
import itertools

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import (
    add_ocop_certificate,
    add_product_media,
    create_product,
    create_variant,
    set_variant_price,
)
from marketplace.channels.models import Channel
from marketplace.payments.models import BankTransferAccount
from marketplace.producers.services import create_producer

STAR_SCORES = {3: 62, 4: 78, 5: 92}
_sku_numbers = itertools.count(1)


def photo(colour="#c62f1a", size=64) -> SimpleUploadedFile:
    image = Image.new("RGB", (size, size), "#f5ecd7")
    ImageDraw.Draw(image).ellipse((8, 8, size - 8, size - 8), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def online_channel() -> Channel:
    return Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)


def bank_account() -> BankTransferAccount:
    """The online shop's account for VietQR transfers: with it, checkout offers paying by transfer."""
    return BankTransferAccount.objects.create(
        channel=online_channel(),
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="1234567890",
        account_holder="CONG TY XU QUANG MARKET",
    )


def category(name, slug, parent=None, sort_order=0) -> Category:
    return Category.objects.create(name=name, slug=slug, parent=parent, sort_order=sort_order)


def producer(name, **fields):
    fields.setdefault("legal_form", "cooperative")
    return create_producer(name=name, **fields)


def product(
    *,
    name,
    group,
    maker,
    price=100_000,
    stars=None,
    certificate_age_days=200,
    stock=10,
    status=Product.Status.PUBLISHED,
    channel=None,
    photos=1,
    extra_prices=(),
    **fields,
) -> Product:
    """A product with one variant priced in the channel (the online one by default), optionally certified,
    photographed and stocked in the HCMC warehouse. extra_prices adds further variants at those prices.
    """
    item = create_product(producer=maker, category=group, name=name, status=status, **fields)
    channel = channel or online_channel()
    for index, amount in enumerate((price, *extra_prices)):
        variant = create_variant(product=item, sku=f"T-{next(_sku_numbers):05d}", name=f"Quy cách {index + 1}")
        set_variant_price(variant=variant, channel=channel, price_amount=amount)
        if stock:
            warehouse = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
            receive_goods(warehouse=warehouse, producer=maker, lines=[(variant, stock)])
    if stars:
        signed = timezone.localdate() - datetime.timedelta(days=certificate_age_days)
        add_ocop_certificate(
            product=item,
            stars=stars,
            score=STAR_SCORES[stars],
            decision_number=f"{item.pk}/QĐ-UBND",
            decision_date=signed,
            authority="UBND tỉnh Quảng Nam",
            batch_year=signed.year,
        )
    for _ in range(photos):
        add_product_media(product=item, uploaded_file=photo(), alt=f"Ảnh {name}")
    return item


def shopper_catalogue() -> dict[str, Product]:
    """The products a Vietnamese shopper searches for, plus the ones that must never show."""
    food = category("Thực phẩm", "thuc-pham", sort_order=1)
    sauces = category("Gia vị", "gia-vi", parent=food)
    cakes = category("Bánh và mì", "banh-va-mi", parent=food)
    drinks = category("Đồ uống", "do-uong", sort_order=2)
    herbs = category("Dược liệu", "duoc-lieu", sort_order=3)
    category("Thủ công mỹ nghệ", "thu-cong-my-nghe", sort_order=4)

    sam_sam = producer("Công ty TNHH Sâm Sâm", legal_form="company", ward="Xã Trà Linh", province="TP. Đà Nẵng")
    hai_thuy = producer("Hộ kinh doanh Hải Thủy", legal_form="household")
    hai_hien = producer(
        "Cơ sở nước mắm Hai Hiền",
        legal_form="household",
        ward="Xã Thăng An",
        province="TP. Đà Nẵng",
        legacy_address="Bình Dương, Thăng Bình, Quảng Nam",
        story="Ba đời làm nước mắm cá cơm ở làng biển Cửa Khe.",
    )
    cat_trang = producer("HTX Cát Trắng")
    to_van_binh = producer("Cơ sở Tô Văn Bình", legal_form="household")
    dich_yen = producer("Tổ hợp tác bánh tráng Địch Yên", legal_form="cooperative_group")
    hai_an = producer("Cơ sở bánh tráng Hải An", legal_form="household")
    hoa_tien = producer("HTX Nông nghiệp Tiến Phát")
    thu_van = producer("Cơ sở Thu Vân", legal_form="household")

    return {
        "saphraton": product(
            name="Sâm Ngọc Linh SAPHRATON",
            group=herbs,
            maker=sam_sam,
            price=1_500_000,
            stars=5,
            is_featured=True,
            photos=2,
            description="Sâm Ngọc Linh trồng dưới tán rừng núi Ngọc Linh.",
            ingredients="Củ sâm Ngọc Linh 5 năm tuổi",
            net_quantity="100 g",
            shelf_life="24 tháng",
            origin_place="Nam Trà My",
        ),
        "tra_sam": product(
            name="Trà túi lọc sâm Ngọc Linh", group=drinks, maker=hai_thuy, price=120_000, stars=3, stock=0
        ),
        "cua_khe": product(
            name="Nước mắm Cửa Khe Hai Hiền",
            group=sauces,
            maker=hai_hien,
            price=150_000,
            extra_prices=(95_000,),
            stars=4,
            ingredients="Cá cơm, muối biển",
            net_quantity="500 ml",
            shelf_life="36 tháng",
        ),
        "bich_hoa": product(
            name="Nước mắm làng Bích Họa", group=sauces, maker=cat_trang, price=130_000, stars=4, origin_place="Tam Kỳ"
        ),
        "cao_lau": product(name="Mì Cao Lầu Tô Văn Bình", group=cakes, maker=to_van_binh, price=45_000, stars=3),
        "banh_trang_le": product(name="Bánh tráng lề Địch Yên", group=cakes, maker=dich_yen, price=60_000, stars=4),
        # Signed more than 36 months ago: expired, so no badge anywhere.
        "banh_trang_hai_an": product(
            name="Bánh tráng Hải An",
            group=cakes,
            maker=hai_an,
            price=40_000,
            stars=3,
            certificate_age_days=1200,
        ),
        "hoa_tien": product(name="Gạo hữu cơ Hòa Tiến", group=food, maker=hoa_tien, price=80_000),
        "tra_hoa": product(name="Trà hoa vàng", group=drinks, maker=hai_thuy, price=200_000),
        "chanh": product(name="Nước cốt chanh Thu Vân", group=drinks, maker=thu_van, price=55_000, stars=4),
        # Never visible: a draft, and a product priced only in a kiosk channel.
        "draft": product(name="Nước mắm nháp chưa duyệt", group=sauces, maker=cat_trang, status=Product.Status.DRAFT),
        "kiosk_only": product(
            name="Nước mắm chỉ bán ở ki-ốt",
            group=sauces,
            maker=cat_trang,
            channel=Channel.objects.get(slug="kiosk-hoi-an"),
        ),
    }
