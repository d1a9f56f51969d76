# ruff: noqa: E501 — the page texts are typed as a manager types them: one paragraph per line.
"""Demo content: collections of real demo products, the shop's content pages, the header and footer menus.

Texts are what a manager would type in the admin (see marketplace.core.richtext for the markup). Facts about
the programme and OCOP come from shared/DOMAIN.md; delivery and payment facts from the demo's own settings
(the delivery methods in checkout's data migration, the transfer window in payments).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CollectionSpec:
    slug: str
    name: str
    description: str
    products: tuple[str, ...]  # product names from data.PRODUCTS, in the order shown
    name_en: str
    description_en: str
    seo_description: str = ""


@dataclass(frozen=True)
class PageSpec:
    slug: str
    title: str
    page_type: str  # a key of PAGE_TYPES
    seo_description: str
    content: str
    title_en: str
    content_en: str


@dataclass(frozen=True)
class MenuItemSpec:
    name: str
    name_en: str
    url: str = ""
    page: str = ""  # a page slug
    collection: str = ""  # a collection slug
    category: str = ""  # a category slug
    children: tuple["MenuItemSpec", ...] = field(default_factory=tuple)


COLLECTIONS = (
    CollectionSpec(
        slug="qua-tang-xu-quang",
        name="Quà tặng xứ Quảng",
        description=(
            "Những món quà chương trình chọn để tặng khách đến thăm Quảng Nam: sâm Ngọc Linh, trà, yến sào, "
            "lụa Mã Châu, đèn lồng Hội An và trầm hương Tiên Phước.\n\n"
            "Mỗi sản phẩm đều của **chủ thể OCOP** trong tỉnh, đóng gói gọn để mang lên máy bay."
        ),
        products=(
            "Hộp quà Tết xứ Quảng",
            "Sâm Ngọc Linh ngâm mật ong SAPHRATON",
            "Trà túi lọc sâm Ngọc Linh",
            "Yến sào Đất Quảng tinh chế",
            "Tơ lụa Mã Châu",
            "Đèn lồng xếp du lịch Hội An",
            "Vòng tay trầm hương Tiên Phước",
            "Hộp gỗ đựng trà Kim Bồng",
            "Trà rừng Cù Lao Chàm",
        ),
        name_en="Gifts of Quảng",
        description_en=(
            "The gifts the programme chooses for visitors to Quảng Nam: Ngọc Linh ginseng, teas, bird's nest, "
            "Mã Châu silk, Hội An lanterns and Tiên Phước agarwood.\n\n"
            "Every one comes from an **OCOP producer** of the province, packed to travel as cabin luggage."
        ),
        seo_description="Quà tặng xứ Quảng: sâm Ngọc Linh, yến sào, lụa Mã Châu, đèn lồng Hội An – sản phẩm OCOP.",
    ),
    CollectionSpec(
        slug="dac-san-tet",
        name="Đặc sản Tết",
        description=(
            "Mâm cỗ và giỏ quà Tết đậm vị Quảng: nước mắm Cửa Khe, bánh tráng, bánh dừa nướng, nếp đắng Lộc Đại, "
            "mật ong và trà đảng sâm."
        ),
        products=(
            "Nước mắm Cửa Khe Hai Hiền 40 độ đạm",
            "Bánh dừa nướng Quý Thu",
            "Bánh tráng Hải An",
            "Nếp đắng Lộc Đại",
            "Rượu nếp đắng Lộc Đại",
            "Mật ong dú Kỳ Tân",
            "Trà đảng sâm Tây Giang",
            "Dầu mè đen Bảo Tâm",
        ),
        name_en="Tết specialities",
        description_en=(
            "A Quảng Nam Tết table and gift basket: Cửa Khe fish sauce, rice crackers, roasted coconut cakes, "
            "Lộc Đại bitter sticky rice, honey and Codonopsis tea."
        ),
    ),
    CollectionSpec(
        slug="ocop-5-sao",
        name="OCOP 5 sao",
        description=(
            "Sản phẩm đạt **OCOP 5 sao** – hạng cao nhất, từ 90 đến 100 điểm, do Trung ương công nhận – "
            "với quyết định công nhận còn hiệu lực."
        ),
        products=("Sâm Ngọc Linh SAPHRATON", "Bánh dừa nướng Quý Thu"),
        name_en="5-star OCOP",
        description_en=(
            "Products rated **5-star OCOP** – the highest rank, 90 to 100 points, recognised at national level – "
            "with a recognition still in force."
        ),
    ),
)

PAGE_TYPES = {"gioi-thieu": "Giới thiệu", "chinh-sach": "Chính sách"}

PAGES = (
    PageSpec(
        slug="gioi-thieu",
        title="Giới thiệu Xứ Quảng Market",
        page_type="gioi-thieu",
        seo_description=(
            "Xứ Quảng Market đưa sản phẩm OCOP, sản phẩm khởi nghiệp và sản phẩm công nghiệp nông thôn tiêu biểu "
            "của Quảng Nam tới TP. Hồ Chí Minh và các ki-ốt trong tỉnh."
        ),
        content="""Xứ Quảng Market là chợ của **chương trình hỗ trợ khởi nghiệp tỉnh Quảng Nam**. Tháng 3/2021, Ban chỉ đạo hỗ trợ khởi nghiệp của tỉnh quyết định đưa sản phẩm khởi nghiệp, sản phẩm OCOP và sản phẩm công nghiệp nông thôn tiêu biểu của Quảng Nam vào các thị trường lớn.

## Bán ở đâu

- **Siêu thị trực tuyến tại TP. Hồ Chí Minh** – trang web này, phối hợp cùng Hội doanh nhân Quảng Nam phía Nam; giao tận nơi trong thành phố.
- **Bốn ki-ốt giới thiệu và bán sản phẩm**: sân bay Chu Lai (xã Núi Thành), Tam Kỳ, Hội An và Điện Bàn – nay thuộc thành phố Đà Nẵng sau khi Quảng Nam hợp nhất từ ngày 1/7/2025.

## Sản phẩm của ai

Mỗi sản phẩm có tên **nhà sản xuất** – hợp tác xã, doanh nghiệp hay hộ kinh doanh – và nơi làm ra nó. Hạng sao OCOP chỉ hiện khi quyết định công nhận còn hiệu lực; xem [OCOP là gì](/trang/ocop-la-gi/).

## Quà tặng xứ Quảng

Chương trình tuyển chọn "Quà tặng xứ Quảng" để tặng các đoàn khách đến thăm tỉnh. Bạn cũng có thể mua chúng ở đây, làm quà cho người thân.

Mua hàng: xem [giao hàng](/trang/giao-hang/), [thanh toán](/trang/thanh-toan/) và [đổi trả](/trang/doi-tra/).""",
        title_en="About Xứ Quảng Market",
        content_en="""Xứ Quảng Market is the shop of **Quảng Nam province's startup-support programme**. In March 2021 the province's startup-support board decided to bring Quảng Nam's startup, OCOP and typical rural-industry products to big markets.

## Where we sell

- **The online supermarket in Hồ Chí Minh City** – this website, run with the Quảng Nam business association in the South, delivering across the city.
- **Four promotion-and-sales kiosks**: Chu Lai airport (Núi Thành), Tam Kỳ, Hội An and Điện Bàn – part of Đà Nẵng city since Quảng Nam merged into it on 1 July 2025.

## Who makes them

Every product names its **producer** – a cooperative, a company or a household business – and where it is made. OCOP stars show only while the recognition is in force; see [What is OCOP](/trang/ocop-la-gi/).""",
    ),
    PageSpec(
        slug="ocop-la-gi",
        title="OCOP là gì?",
        page_type="gioi-thieu",
        seo_description=(
            "OCOP – Mỗi xã một sản phẩm: cách chấm điểm, hạng 3, 4, 5 sao, sáu nhóm sản phẩm và thời hạn 36 tháng "
            "của quyết định công nhận."
        ),
        content="""**OCOP** (One Commune One Product – *Mỗi xã một sản phẩm*) là chương trình quốc gia phát triển sản phẩm đặc trưng của từng địa phương, do các hợp tác xã, doanh nghiệp và hộ kinh doanh làm ra.

## Chấm điểm và hạng sao

Sản phẩm được chấm trên thang **100 điểm**:

- **5 sao**: 90–100 điểm, hạng quốc gia;
- **4 sao**: 70–89 điểm;
- **3 sao**: 50–69 điểm;
- 2 sao (30–49 điểm) và 1 sao (dưới 30 điểm) không được công nhận.

Chỉ sản phẩm từ **3 sao** trở lên được dùng biểu trưng OCOP và ghi hạng sao.

## Ai công nhận

Từ Quyết định 1489/QĐ-TTg (tháng 7/2025), **Ủy ban nhân dân tỉnh, thành phố** công nhận sản phẩm 3 và 4 sao; sản phẩm 5 sao do **Trung ương** công nhận. Mỗi lần công nhận là một quyết định có số và ngày ký.

## Sáu nhóm sản phẩm

Theo Quyết định 148/QĐ-TTg (2023):

1. Thực phẩm;
2. Đồ uống;
3. Dược liệu và sản phẩm từ dược liệu;
4. Hàng thủ công mỹ nghệ;
5. Sinh vật cảnh;
6. Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch.

## Thời hạn 36 tháng

Quyết định công nhận có hiệu lực **36 tháng** kể từ ngày ký; sau đó sản phẩm phải được đánh giá lại. Vì vậy Xứ Quảng Market **chỉ hiện hạng sao khi quyết định còn hiệu lực**, kèm số quyết định, ngày ký và ngày hết hạn trên trang sản phẩm.""",
        title_en="What is OCOP?",
        content_en="""**OCOP** (One Commune One Product) is Vietnam's national programme for the typical products of each place, made by cooperatives, companies and household businesses.

## Scores and stars

Products are scored out of **100 points**:

- **5 stars**: 90–100 points, national level;
- **4 stars**: 70–89 points;
- **3 stars**: 50–69 points;
- 2 stars (30–49) and 1 star (under 30) are not certified.

Only products of **3 stars** and above may carry the OCOP logo and their star rank.

## Who recognises them

Since Decision 1489/QĐ-TTg (July 2025) the **province** recognises 3- and 4-star products and the **central government** 5-star ones.

## Valid for 36 months

A recognition is valid for **36 months** from the day it is signed; then the product must be assessed again. Xứ Quảng Market therefore **shows stars only while the recognition is in force**.""",
    ),
    PageSpec(
        slug="giao-hang",
        title="Chính sách giao hàng",
        page_type="chinh-sach",
        seo_description=(
            "Giao hàng tại 168 phường, xã của TP. Hồ Chí Minh: giao tiêu chuẩn 30.000 ₫, miễn phí từ 500.000 ₫; "
            "giao nhanh trong ngày 55.000 ₫."
        ),
        content="""Xứ Quảng Market giao hàng tại **TP. Hồ Chí Minh** – cả 168 phường, xã và đặc khu của thành phố từ ngày 1/7/2025 (gồm cả khu vực Bình Dương và Bà Rịa – Vũng Tàu cũ).

## Cách giao và phí

- **Giao tiêu chuẩn**: 2–3 ngày, phí **30.000 ₫**; **miễn phí** cho đơn từ **500.000 ₫**.
- **Giao nhanh**: trong ngày nếu đặt trước 15 giờ, phí **55.000 ₫**.

Phí giao hàng hiện rõ trước khi bạn đặt hàng và đã gồm thuế GTGT.

## Địa chỉ nhận hàng

Ghi số nhà, tên đường, rồi chọn **phường/xã** và **tỉnh/thành phố** – từ 1/7/2025 địa chỉ không còn cấp quận, huyện. Nhớ để lại số điện thoại để người giao hàng gọi trước khi đến.

## Khi nhận hàng

Bạn được kiểm tra bên ngoài kiện hàng trước khi nhận. Nếu hộp bị móp, rách hay ướt, hãy chụp ảnh và báo ngay cho chúng tôi – xem [chính sách đổi trả](/trang/doi-tra/).

Mua tại ki-ốt (sân bay Chu Lai, Tam Kỳ, Hội An, Điện Bàn) thì nhận hàng ngay tại quầy.""",
        title_en="Delivery policy",
        content_en="""Xứ Quảng Market delivers in **Hồ Chí Minh City** – all 168 wards and communes of the city since 1 July 2025.

## Methods and fees

- **Standard**: 2–3 days, **30,000 ₫**; **free** for orders from **500,000 ₫**.
- **Express**: same day when ordered before 3 pm, **55,000 ₫**.

The fee is shown before you order and includes VAT.

## Address

House number and street, then the **ward/commune** and the **province or city** – there are no districts since 1 July 2025. Leave a phone number so the courier can call ahead.""",
    ),
    PageSpec(
        slug="doi-tra",
        title="Chính sách đổi trả",
        page_type="chinh-sach",
        seo_description=(
            "Đổi trả trong 7 ngày khi sản phẩm bị lỗi, hư hỏng khi vận chuyển, giao sai hoặc hết hạn sử dụng; "
            "hoàn tiền trong 7 ngày làm việc."
        ),
        content="""Chúng tôi muốn bạn hài lòng với từng món đặc sản. Nếu có điều gì không ổn, hãy báo cho chúng tôi.

## Được đổi hoặc trả khi

- sản phẩm bị **lỗi, hư hỏng, bể vỡ** khi vận chuyển;
- giao **sai sản phẩm**, sai quy cách hoặc thiếu hàng so với đơn;
- sản phẩm **hết hạn sử dụng** hoặc còn dưới một phần ba hạn dùng khi nhận.

Vui lòng báo trong **7 ngày** kể từ ngày nhận hàng, kèm mã đơn hàng (ví dụ DH1001) và ảnh sản phẩm, bao bì.

## Không áp dụng khi

- thực phẩm, đồ uống **đã mở nắp, đã dùng** mà không có lỗi từ nhà sản xuất;
- sản phẩm hư hỏng do bảo quản không đúng hướng dẫn sau khi nhận.

## Hoàn tiền

- Đơn trả tiền mặt khi nhận hàng hoặc chuyển khoản: hoàn bằng **chuyển khoản** vào tài khoản bạn cung cấp.
- Đơn trả bằng thẻ: hoàn về **thẻ đã thanh toán**.

Tiền được hoàn trong **7 ngày làm việc** kể từ khi chúng tôi xác nhận đổi trả. Hàng mua tại ki-ốt được đổi trả tại chính ki-ốt đó, mang theo hoá đơn.""",
        title_en="Returns policy",
        content_en="""We want you to be happy with every product. If something is wrong, tell us.

## You may exchange or return when

- the product is **faulty or damaged** in transit;
- we delivered the **wrong product** or less than ordered;
- the product is **past its best-before date** or has less than a third of its shelf life left on arrival.

Please tell us within **7 days** of delivery, with the order number (e.g. DH1001) and photos.

## Refunds

Cash on delivery and bank transfer orders are refunded **by bank transfer**; card payments back **to the card**, within **7 working days** of our confirmation. Kiosk purchases are returned at the same kiosk with the receipt.""",
    ),
    PageSpec(
        slug="thanh-toan",
        title="Hình thức thanh toán",
        page_type="chinh-sach",
        seo_description=("Thanh toán khi nhận hàng (COD), chuyển khoản VietQR hoặc thẻ quốc tế. Giá đã gồm thuế GTGT."),
        content="""Giá trên Xứ Quảng Market **đã gồm thuế GTGT**. Tổng tiền hiện rõ trước khi bạn đặt hàng và không đổi bất ngờ.

## Thanh toán khi nhận hàng (COD)

Trả **tiền mặt** cho người giao hàng khi nhận. Đơn được xác nhận ngay khi đặt.

## Chuyển khoản ngân hàng bằng VietQR

Sau khi đặt hàng, trang đơn hàng hiện **mã VietQR** kèm số tài khoản, số tiền và nội dung chuyển khoản (mã đơn, ví dụ *DH1001*). Quét mã bằng ứng dụng ngân hàng, hoặc sao chép từng dòng nếu bạn đang dùng chính điện thoại đó.

Đơn được giữ **24 giờ** chờ chuyển khoản; sau đó đơn tự huỷ và hàng được trả lại kho.

## Thẻ quốc tế (Visa, Mastercard)

Thanh toán thẻ qua cổng **Stripe**; Xứ Quảng Market không lưu số thẻ của bạn. Đơn chưa thanh toán sau 2 giờ sẽ tự huỷ.

## Mua tại ki-ốt

Tiền mặt, chuyển khoản VietQR tại quầy, hoặc kết hợp cả hai.""",
        title_en="Payment methods",
        content_en="""Prices on Xứ Quảng Market **include VAT**. The total is shown before you order.

## Cash on delivery

Pay the courier **in cash** when your order arrives.

## Bank transfer by VietQR

After ordering, the order page shows a **VietQR code** with the account, amount and transfer text (the order number, e.g. *DH1001*). The order is held **24 hours** for the transfer.

## Cards (Visa, Mastercard)

Card payments go through **Stripe**; we never store your card number. An order left unpaid for 2 hours is cancelled.""",
    ),
    PageSpec(
        slug="bao-mat",
        title="Chính sách bảo mật thông tin",
        page_type="chinh-sach",
        seo_description=(
            "Xứ Quảng Market thu thập thông tin gì, dùng để làm gì, lưu bao lâu và quyền của bạn với dữ liệu cá nhân."
        ),
        content="""Xứ Quảng Market tôn trọng và bảo vệ dữ liệu cá nhân của bạn theo pháp luật Việt Nam về bảo vệ dữ liệu cá nhân.

## Chúng tôi thu thập gì

- **Họ tên, số điện thoại, email** và **địa chỉ nhận hàng** bạn nhập khi đặt hàng hoặc tạo tài khoản;
- lịch sử đơn hàng và thanh toán (không gồm số thẻ: thẻ do Stripe xử lý);
- thông tin kỹ thuật cần cho an toàn của trang, như địa chỉ IP khi đăng nhập.

## Để làm gì

- giao hàng, gọi xác nhận và gửi email về đơn hàng;
- đối soát thanh toán, xuất hoá đơn và trả tiền cho nhà sản xuất;
- bảo vệ tài khoản của bạn (chặn đăng nhập thử mật khẩu).

Chúng tôi **không bán** dữ liệu của bạn. Thông tin chỉ được chia sẻ với đơn vị giao hàng, cổng thanh toán và cơ quan nhà nước khi pháp luật yêu cầu – trong phạm vi cần thiết.

## Lưu bao lâu

Thông tin đơn hàng được lưu theo thời hạn của pháp luật về kế toán, thuế. Tài khoản được lưu đến khi bạn yêu cầu xoá.

## Quyền của bạn

Bạn có thể xem, sửa thông tin và sổ địa chỉ trong [tài khoản](/tai-khoan/), yêu cầu xoá tài khoản, hoặc rút lại sự đồng ý nhận email bất cứ lúc nào.""",
        title_en="Privacy policy",
        content_en="""Xứ Quảng Market respects and protects your personal data under Vietnamese data-protection law.

## What we collect

- **name, phone, email** and **delivery address** you enter when ordering or signing up;
- your orders and payments (never card numbers: Stripe handles cards);
- technical data needed for security, such as the IP address at sign-in.

## Why

To deliver, to call and email you about your order, to reconcile payments and pay producers, and to protect your account. We **never sell** your data.

## Your rights

You can see and correct your details in [your account](/tai-khoan/), ask for your account to be deleted, or stop emails at any time.""",
    ),
)

MENUS = {
    "navbar": (
        "Trình đơn đầu trang",
        (
            MenuItemSpec("Quà tặng xứ Quảng", "Gifts of Quảng", collection="qua-tang-xu-quang"),
            MenuItemSpec("Đặc sản Tết", "Tết specialities", collection="dac-san-tet"),
            MenuItemSpec("OCOP 5 sao", "5-star OCOP", collection="ocop-5-sao"),
            MenuItemSpec(
                "Thực phẩm",
                "Food",
                category="thuc-pham",
                children=(
                    MenuItemSpec("Nước mắm", "Fish sauce", category="nuoc-mam"),
                    MenuItemSpec("Bánh", "Cakes and crackers", category="banh"),
                ),
            ),
            MenuItemSpec("Đồ uống", "Drinks", category="do-uong"),
            MenuItemSpec("OCOP là gì?", "What is OCOP?", page="ocop-la-gi"),
        ),
    ),
    "footer": (
        "Trình đơn chân trang",
        (
            MenuItemSpec(
                "Về chúng tôi",
                "About us",
                children=(
                    MenuItemSpec("Giới thiệu", "About", page="gioi-thieu"),
                    MenuItemSpec("OCOP là gì?", "What is OCOP?", page="ocop-la-gi"),
                ),
            ),
            MenuItemSpec(
                "Chính sách",
                "Policies",
                children=(
                    MenuItemSpec("Giao hàng", "Delivery", page="giao-hang"),
                    MenuItemSpec("Đổi trả", "Returns", page="doi-tra"),
                    MenuItemSpec("Thanh toán", "Payment", page="thanh-toan"),
                    MenuItemSpec("Bảo mật thông tin", "Privacy", page="bao-mat"),
                ),
            ),
        ),
    ),
}
