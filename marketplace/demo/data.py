"""The demo tables: OCOP groups, producers, products with their variants, prices and certificates, and logins.

The first producers and products are the real Quảng Nam OCOP examples of docs/DOMAIN (names, old districts and
star ranks as published); the others are plausible additions so the catalogue has enough to browse. Every
identifier a real register would hold (tax code, phone, barcode, decision number) is generated in
`identifiers` so that it is visibly a demo value. Post-2025 commune names follow the July 2025 merger; ward codes
are left blank except where the programme documents them (the kiosks, in inventory/).
"""

import datetime
from dataclasses import dataclass

from inventory import locations

PROVINCE = "Thành phố Đà Nẵng"

# One simple password for every demo account, printed by the command and listed in the README.
DEMO_PASSWORD = "demo-xuquang-2026"


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    parent: str | None = None
    # How the generated product picture illustrates the subgroup (see images.MOTIFS).
    motif: str = ""
    description: str = ""


@dataclass(frozen=True)
class ProducerSpec:
    key: str
    name: str
    legal_form: str  # a Producer.LegalForm value
    contact_name: str
    ward: str
    street_address: str
    legacy_area: str  # the old district, town or city, cited by pre-2025 records
    legacy_address: str
    story: str


@dataclass(frozen=True)
class VariantSpec:
    name: str
    price: int  # VND, in the HCMC online channel; kiosk prices derive from it
    weight_grams: int | None = None


@dataclass(frozen=True)
class CertificateSpec:
    stars: int
    score: str  # a decimal string, inside the star's score band
    decision_date: datetime.date


@dataclass(frozen=True)
class ProductSpec:
    producer: str
    category: str
    name: str
    description: str
    ingredients: str
    net_quantity: str
    shelf_life: str
    variants: tuple[VariantSpec, ...]
    certificates: tuple[CertificateSpec, ...]
    featured: bool = False
    # A few products are sold out online so the storefront shows "Hết hàng" and the in-stock filter matters.
    stocked_online: bool = True
    # The picture's motif when the subgroup's does not suit the product.
    motif: str = ""


@dataclass(frozen=True)
class StartupSpec:
    producer: str  # a ProducerSpec.key
    project_name: str
    founded_year: int
    status: str  # a StartupProfile.Status value
    founders_story: str
    innovation: str
    support_received: str
    support_decision_date: datetime.date | None = None


@dataclass(frozen=True)
class RuralIndustrySpec:
    product: str  # a ProductSpec.name
    level: int  # a RuralIndustryRecognition.Level value: 1 district, 2 provincial, 3 regional, 4 national
    year: int
    decision_date: datetime.date
    group: str  # a RuralIndustryRecognition.Group value
    expires_on: datetime.date | None = None


@dataclass(frozen=True)
class AccountSpec:
    email: str
    role: str  # a User.Role value
    first_name: str
    last_name: str
    producer: str | None = None  # a ProducerSpec.key
    kiosk: str | None = None  # a Warehouse slug


def V(name: str, price: int, weight_grams: int | None = None) -> VariantSpec:
    return VariantSpec(name, price, weight_grams)


def C(stars: int, score: str, day: str) -> CertificateSpec:
    return CertificateSpec(stars, score, datetime.date.fromisoformat(day))


CATEGORIES = (
    CategorySpec("thuc-pham", "Thực phẩm", description="Đặc sản ăn được của xứ Quảng: mắm, bánh, gạo, gia vị."),
    CategorySpec("nuoc-mam", "Nước mắm & mắm", "thuc-pham", "bottle"),
    CategorySpec("banh", "Bánh", "thuc-pham", "cake"),
    CategorySpec("hop-qua", "Hộp quà đặc sản", "thuc-pham", "box"),
    CategorySpec("gao-ngu-coc", "Gạo & ngũ cốc", "thuc-pham", "bowl"),
    CategorySpec("mi-bun", "Mì & bún khô", "thuc-pham", "bowl"),
    CategorySpec("gia-vi", "Gia vị", "thuc-pham", "jar"),
    CategorySpec("dau-thuc-vat", "Dầu thực vật", "thuc-pham", "bottle"),
    CategorySpec("mat-ong", "Mật ong", "thuc-pham", "honey"),
    CategorySpec("hai-san-kho", "Hải sản khô", "thuc-pham", "fish"),
    CategorySpec("do-uong", "Đồ uống", description="Trà, nước uống và rượu làm từ nguyên liệu vùng núi và biển."),
    CategorySpec("tra", "Trà", "do-uong", "leaf"),
    CategorySpec("nuoc-uong", "Nước uống", "do-uong", "bottle"),
    CategorySpec("ruou", "Rượu", "do-uong", "bottle"),
    CategorySpec(
        "duoc-lieu",
        "Dược liệu và sản phẩm từ dược liệu",
        description="Sâm Ngọc Linh, yến sào, quế và thảo dược của núi rừng và biển đảo Quảng Nam.",
    ),
    CategorySpec("sam", "Sâm", "duoc-lieu", "ginseng"),
    CategorySpec("yen-sao", "Yến sào", "duoc-lieu", "bowl"),
    CategorySpec("thao-duoc", "Thảo dược & tinh dầu", "duoc-lieu", "leaf"),
    CategorySpec(
        "thu-cong-my-nghe",
        "Hàng thủ công mỹ nghệ",
        description="Lụa, thổ cẩm, đèn lồng, trầm hương, gốm và đồ gỗ của các làng nghề.",
    ),
    CategorySpec("lua-tho-cam", "Lụa & thổ cẩm", "thu-cong-my-nghe", "fabric"),
    CategorySpec("den-long", "Đèn lồng", "thu-cong-my-nghe", "lantern"),
    CategorySpec("tram-huong", "Trầm hương", "thu-cong-my-nghe", "beads"),
    CategorySpec("gom-do-go", "Gốm & đồ gỗ", "thu-cong-my-nghe", "vase"),
)

COOP = "cooperative"
COMPANY = "company"
HOUSEHOLD = "household"
COOP_GROUP = "cooperative_group"

# The tables below are laid out one record per block, positional as in the dataclasses above.
# fmt: off
PRODUCERS = (
    # The real examples of the programme.
    ProducerSpec(
        "sam-sam", "Công ty TNHH Sâm Sâm", COMPANY, "Nguyễn Văn Sâm", "Xã Nam Trà My", "Thôn 1",
        "huyện Nam Trà My", "Thôn 1, xã Trà Linh, huyện Nam Trà My, tỉnh Quảng Nam",
        "Dưới tán rừng nguyên sinh núi Ngọc Linh, ở độ cao trên 1.800 mét, công ty cùng đồng bào Xơ Đăng trồng và "
        "chăm sâm theo nếp cũ. Thương hiệu SAPHRATON là sản phẩm OCOP 5 sao đầu tiên của vùng sâm.",
    ),
    ProducerSpec(
        "quy-thu", "Cơ sở sản xuất Bánh dừa nướng Quý Thu", HOUSEHOLD, "Trần Thị Thu", "Xã Quế Sơn", "Thôn Đông Hội",
        "huyện Quế Sơn", "Thôn Đông Hội, xã Quế Châu, huyện Quế Sơn, tỉnh Quảng Nam",
        "Từ một bếp than nhỏ ở quê, gia đình bà Thu giữ công thức bánh dừa nướng giòn thơm của làng. "
        "Bánh được nướng chậm trên lửa than, không chất bảo quản, và đã được công nhận OCOP 5 sao.",
    ),
    ProducerSpec(
        "hai-thuy", "Hộ kinh doanh Hải Thủy", HOUSEHOLD, "Lê Thị Thủy", "Xã Nam Trà My", "Thôn 2",
        "huyện Nam Trà My", "Thôn 2, xã Trà Mai, huyện Nam Trà My, tỉnh Quảng Nam",
        "Hai vợ chồng người Trà Mai làm trà túi lọc từ thân lá sâm Ngọc Linh để người ở xa cũng dùng được vị sâm "
        "mỗi ngày với giá vừa phải.",
    ),
    ProducerSpec(
        "minh-triet", "Công ty TNHH Minh Triết", COMPANY, "Phạm Minh Triết", "Xã Phú Ninh", "Khu công nghiệp Tam Đàn",
        "huyện Phú Ninh", "Cụm công nghiệp Tam Đàn, xã Tam Đàn, huyện Phú Ninh, tỉnh Quảng Nam",
        "MITRI TEA ra đời từ ý tưởng khởi nghiệp của một kỹ sư trẻ Phú Ninh: pha trộn lá sâm, gừng và thảo mộc "
        "địa phương thành thức uống tiện lợi cho người thành phố.",
    ),
    ProducerSpec(
        "ky-tan", "Hộ kinh doanh Mật ong dú Kỳ Tân", HOUSEHOLD, "Huỳnh Văn Tân", "Xã Phú Ninh", "Thôn Kỳ Tân",
        "huyện Phú Ninh", "Thôn Kỳ Tân, xã Tam Lộc, huyện Phú Ninh, tỉnh Quảng Nam",
        "Ong dú không có nọc, làm tổ trong hốc cây và cho lượng mật rất ít. Anh Tân nuôi hàng trăm đõ ong dú dưới "
        "vườn keo, tràm quanh hồ Phú Ninh và chỉ quay mật khi mật đã chín.",
    ),
    ProducerSpec(
        "cua-khe", "Cơ sở Nước mắm Cửa Khe Hai Hiền", HOUSEHOLD, "Nguyễn Thị Hiền", "Xã Thăng Bình",
        "Làng chài Cửa Khe",
        "huyện Thăng Bình", "Thôn Hưng Mỹ, xã Bình Dương, huyện Thăng Bình, tỉnh Quảng Nam",
        "Làng Cửa Khe làm nước mắm từ hơn trăm năm. Cá cơm than tươi vừa cập bờ được trộn muối ngay trên bãi, "
        "ủ trong thùng gỗ mít từ 12 đến 18 tháng rồi mới kéo rút những giọt mắm nhĩ đầu tiên.",
    ),
    ProducerSpec(
        "dat-quang", "Công ty TNHH Yến sào Đất Quảng", COMPANY, "Võ Văn Quảng", "Xã Thăng Bình", "Quốc lộ 1A",
        "huyện Thăng Bình", "Thị trấn Hà Lam, huyện Thăng Bình, tỉnh Quảng Nam",
        "Doanh nghiệp dẫn chim yến về nhà nuôi ở vùng đồng bằng ven biển Thăng Bình, làm sạch tổ yến bằng tay, "
        "không tẩy trắng, giữ nguyên sợi yến.",
    ),
    ProducerSpec(
        "cat-trang", "Hợp tác xã Cát Trắng", COOP, "Trương Văn Thanh", "Phường Tam Kỳ", "Thôn 4, làng bích họa",
        "thành phố Tam Kỳ", "Thôn 4, xã Tam Thanh, thành phố Tam Kỳ, tỉnh Quảng Nam",
        "Làng chài Tam Thanh nổi tiếng với những bức bích họa trên tường nhà. Các xã viên Hợp tác xã Cát Trắng làm "
        "nước mắm cá cơm theo cách của ông bà và đón khách đến thăm làng.",
    ),
    ProducerSpec(
        "bao-tam", "Hợp tác xã Bảo Tâm", COOP, "Đỗ Thị Tâm", "Phường Tam Kỳ", "Khối phố Mỹ Thạch Trung",
        "thành phố Tam Kỳ", "Khối phố Mỹ Thạch Trung, phường Tân Thạnh, thành phố Tam Kỳ, tỉnh Quảng Nam",
        "Hợp tác xã ép dầu mè, dầu phộng bằng máy ép lạnh từ hạt trồng trên đất bãi sông Tam Kỳ, "
        "lọc lắng tự nhiên, không dùng hóa chất.",
    ),
    ProducerSpec(
        "le-huynh", "Cơ sở Yến sào Lê Huỳnh", HOUSEHOLD, "Lê Huỳnh", "Xã Núi Thành", "Khối 3",
        "huyện Núi Thành", "Khối 3, thị trấn Núi Thành, huyện Núi Thành, tỉnh Quảng Nam",
        "Gần sân bay Chu Lai, cơ sở Lê Huỳnh nuôi yến trong nhà và nấu nước yến đóng chai theo công thức đường "
        "phèn, lá dứa quen thuộc của người miền Trung.",
    ),
    ProducerSpec(
        "que-hiep", "Hợp tác xã Nông nghiệp Quế Hiệp", COOP, "Phan Văn Hiệp", "Xã Quế Sơn", "Thôn Lộc Đại",
        "huyện Quế Sơn", "Thôn Lộc Đại, xã Quế Hiệp, huyện Quế Sơn, tỉnh Quảng Nam",
        "Nếp đắng là giống lúa nếp cổ chỉ hợp đất Lộc Đại. Hợp tác xã khôi phục giống nếp này, "
        "làm gạo và nấu rượu nếp đắng theo men lá truyền thống.",
    ),
    ProducerSpec(
        "duy-oanh", "Cơ sở sản xuất Ngũ cốc Duy Oanh", HOUSEHOLD, "Nguyễn Thị Oanh", "Xã Duy Xuyên", "Thôn Tây An",
        "huyện Duy Xuyên", "Thôn Tây An, xã Duy Châu, huyện Duy Xuyên, tỉnh Quảng Nam",
        "Chị Oanh rang gạo lứt, đậu và mè trồng ở bãi bồi sông Thu Bồn để làm ngũ cốc ăn sáng "
        "cho người ăn kiêng và người lớn tuổi.",
    ),
    ProducerSpec(
        "ma-chau", "Hợp tác xã Dệt lụa Mã Châu", COOP, "Lê Văn Châu", "Xã Nam Phước", "Thôn Mã Châu",
        "huyện Duy Xuyên", "Thôn Mã Châu, thị trấn Nam Phước, huyện Duy Xuyên, tỉnh Quảng Nam",
        "Làng lụa Mã Châu có từ thế kỷ XVI, từng dệt lụa cho các chúa Nguyễn. Hợp tác xã giữ khung dệt gỗ "
        "và nghề ươm tơ, nhuộm màu từ lá cây.",
    ),
    ProducerSpec(
        "hai-an", "Cơ sở Bánh tráng Hải An", HOUSEHOLD, "Trần Văn Hải", "Xã Duy Xuyên", "Thôn Hà Mật",
        "huyện Duy Xuyên", "Thôn Hà Mật, xã Duy Trinh, huyện Duy Xuyên, tỉnh Quảng Nam",
        "Bánh tráng mè được tráng bằng tay trên nồi hơi đốt củi, phơi nắng một ngày rồi nướng "
        "trên than hồng cho phồng đều.",
    ),
    ProducerSpec(
        "dich-yen", "Tổ hợp tác Bánh tráng Địch Yên", COOP_GROUP, "Nguyễn Thị Yến", "Xã Tiên Phước", "Thôn Địch Yên",
        "huyện Tiên Phước", "Thôn Địch Yên, xã Tiên Cẩm, huyện Tiên Phước, tỉnh Quảng Nam",
        "Bánh tráng lề là bánh tráng dày, có viền mỏng giòn, ăn kèm mì Quảng. "
        "Các chị em trong tổ hợp tác vẫn tráng bánh trên bếp củi mỗi sáng.",
    ),
    ProducerSpec(
        "son-tien", "Công ty TNHH Sơn Tiến", COMPANY, "Huỳnh Sơn Tiến", "Xã Tiên Phước", "Khối phố Phước Long",
        "huyện Tiên Phước", "Khối phố Phước Long, thị trấn Tiên Kỳ, huyện Tiên Phước, tỉnh Quảng Nam",
        "Hồ tiêu Tiên Phước trồng xen trong vườn đồi, hạt nhỏ, chắc và cay nồng. "
        "Công ty thu mua tiêu chín đỏ của nông dân và phơi, sàng theo quy trình sạch.",
    ),
    ProducerSpec(
        "tram-huong-tp", "Hợp tác xã Trầm hương Tiên Phước", COOP, "Võ Văn Trầm", "Xã Tiên Phước", "Thôn 5",
        "huyện Tiên Phước", "Thôn 5, xã Tiên Lập, huyện Tiên Phước, tỉnh Quảng Nam",
        "Cây dó bầu được trồng trên đồi Tiên Lập rồi tạo trầm tự nhiên nhiều năm. "
        "Thợ của hợp tác xã tiện hạt, se nhang và làm vòng tay trầm hương thủ công.",
    ),
    ProducerSpec(
        "tay-giang", "Hợp tác xã Nông lâm Dược liệu Tây Giang", COOP, "Bhling Mia", "Xã Tây Giang", "Thôn Atép",
        "huyện Tây Giang", "Thôn Atép, xã A Tiêng, huyện Tây Giang, tỉnh Quảng Nam",
        "Đồng bào Cơ Tu trồng đảng sâm dưới tán rừng già Tây Giang. "
        "Củ sâm được thái lát, sấy lạnh và làm trà để giữ vị ngọt thanh.",
    ),
    ProducerSpec(
        "de-lantana", "Công ty TNHH Dé Lantana", COMPANY, "Nguyễn Thị Dé", "Phường Hội An",
        "Đường Nguyễn Thị Minh Khai",
        "thành phố Hội An", "Đường Nguyễn Thị Minh Khai, phường Minh An, thành phố Hội An, tỉnh Quảng Nam",
        "Đèn lồng Hội An được uốn khung tre, căng lụa bằng tay. Xưởng Dé Lantana làm đèn gấp gọn để du khách mang "
        "theo và dạy làm đèn lồng cho khách tham quan phố cổ.",
    ),
    ProducerSpec(
        "cu-lao-cham", "Hợp tác xã Nông nghiệp Tân Hiệp", COOP, "Trần Văn Hiệp", "Xã Tân Hiệp", "Bãi Làng, Cù Lao Chàm",
        "thành phố Hội An", "Bãi Làng, xã Tân Hiệp, thành phố Hội An, tỉnh Quảng Nam",
        "Trà rừng Cù Lao Chàm được hái từ các loài lá, thân cây mọc hoang trên đảo: "
        "người dân trên đảo uống từ bao đời để giải nhiệt.",
    ),
    ProducerSpec(
        "to-van-binh", "Hộ kinh doanh Mì Cao Lầu Tô Văn Bình", HOUSEHOLD, "Tô Văn Bình", "Phường Hội An",
        "Đường Trần Phú",
        "thành phố Hội An", "Đường Trần Phú, phường Minh An, thành phố Hội An, tỉnh Quảng Nam",
        "Sợi Cao Lầu vàng, dai nhờ nước giếng Bá Lễ và tro củi Cù Lao Chàm. "
        "Gia đình ông Bình làm sợi Cao Lầu khô để món ăn của phố cổ đi được xa.",
    ),
    ProducerSpec(
        "ha-quang", "Cơ sở Nước mắm Hà Quảng", HOUSEHOLD, "Hà Văn Quảng", "Phường Điện Bàn", "Khối Hà Quảng",
        "thị xã Điện Bàn", "Khối Hà Quảng Bắc, phường Điện Dương, thị xã Điện Bàn, tỉnh Quảng Nam",
        "Cơ sở ủ chượp cá cơm, cá nục trong lu sành theo lối làng biển Hà Quảng, "
        "cho nước mắm màu cánh gián, vị ngọt hậu.",
    ),
    ProducerSpec(
        "thu-van", "Cơ sở sản xuất Nước cốt chanh Thu Vân", HOUSEHOLD, "Lê Thị Thu Vân", "Xã Đại Lộc", "Thôn Phú Mỹ",
        "huyện Đại Lộc", "Thôn Phú Mỹ, xã Đại Hiệp, huyện Đại Lộc, tỉnh Quảng Nam",
        "Vườn chanh ven sông Vu Gia cho quả mọng nước. Chị Vân ép lạnh và đóng chai nước cốt chanh nguyên chất "
        "để các quán ăn và gia đình dùng quanh năm.",
    ),
    # Plausible additions from well-known crafts and specialities of the province.
    ProducerSpec(
        "thanh-ha", "Hợp tác xã Gốm Thanh Hà", COOP, "Nguyễn Văn Hà", "Phường Hội An", "Khối Nam Diêu",
        "thành phố Hội An", "Khối Nam Diêu, phường Thanh Hà, thành phố Hội An, tỉnh Quảng Nam",
        "Làng gốm Thanh Hà bên sông Thu Bồn đã năm trăm năm tuổi. Gốm được nặn bằng tay trên bàn xoay "
        "và nung bằng củi, mang màu đỏ gạch đặc trưng.",
    ),
    ProducerSpec(
        "kim-bong", "Hợp tác xã Mộc Kim Bồng", COOP, "Huỳnh Văn Bồng", "Phường Hội An", "Thôn Kim Bồng",
        "thành phố Hội An", "Thôn Trung Hà, xã Cẩm Kim, thành phố Hội An, tỉnh Quảng Nam",
        "Thợ mộc Kim Bồng từng dựng nhà cổ và chạm khắc Chùa Cầu. "
        "Hôm nay họ làm mô hình kiến trúc phố cổ và đồ gỗ nhỏ làm quà.",
    ),
    ProducerSpec(
        "que-tra-my", "Hợp tác xã Quế Trà My", COOP, "Hồ Văn My", "Xã Trà My", "Thôn 3",
        "huyện Bắc Trà My", "Thôn 3, thị trấn Trà My, huyện Bắc Trà My, tỉnh Quảng Nam",
        "Quế Trà My có vỏ dày, nhiều tinh dầu, vị cay ngọt. Hợp tác xã bóc vỏ quế trên 15 năm tuổi, "
        "phơi khô và chưng cất tinh dầu ngay tại vùng trồng.",
    ),
    ProducerSpec(
        "phu-chiem", "Cơ sở Mì Quảng Phú Chiêm", HOUSEHOLD, "Đặng Thị Chiêm", "Phường Điện Bàn", "Làng Phú Chiêm",
        "thị xã Điện Bàn", "Làng Phú Chiêm, phường Điện Phương, thị xã Điện Bàn, tỉnh Quảng Nam",
        "Phú Chiêm là làng mì Quảng có tiếng. Sợi mì được tráng từ gạo xay, nhuộm nghệ, "
        "hấp chín rồi phơi khô để nấu nhanh mà vẫn giữ vị quê.",
    ),
    ProducerSpec(
        "zara", "Tổ hợp tác Dệt thổ cẩm Zara", COOP_GROUP, "Alăng Thị Zơ", "Xã Nam Giang", "Thôn Pà Păng",
        "huyện Nam Giang", "Thôn Pà Păng, xã Tà Bhing, huyện Nam Giang, tỉnh Quảng Nam",
        "Phụ nữ Cơ Tu làng Zara dệt thổ cẩm trên khung dệt Y Đát, đính hạt cườm thành hoa văn núi rừng. "
        "Mỗi tấm khăn mất nhiều ngày dệt tay.",
    ),
    ProducerSpec(
        "gao-thang-binh", "Hợp tác xã Nông nghiệp Bình Triều", COOP, "Lương Văn Triều", "Xã Thăng Bình", "Thôn Tú Ngọc",
        "huyện Thăng Bình", "Thôn Tú Ngọc, xã Bình Triều, huyện Thăng Bình, tỉnh Quảng Nam",
        "Hợp tác xã chuyển ruộng lúa ven sông Trường Giang sang canh tác hữu cơ, "
        "không thuốc trừ sâu, thả vịt ăn cỏ dại trên đồng.",
    ),
    ProducerSpec(
        "tuong-ot", "Cơ sở Tương ớt Bà Liên", HOUSEHOLD, "Phạm Thị Liên", "Phường Hội An", "Đường Lý Thường Kiệt",
        "thành phố Hội An", "Đường Lý Thường Kiệt, phường Cẩm Phô, thành phố Hội An, tỉnh Quảng Nam",
        "Tương ớt Hội An sệt, đỏ, thơm mùi tỏi và mè, món không thể thiếu bên tô Cao Lầu. "
        "Bà Liên làm tương ớt từ ớt chín cây của vườn quanh phố cổ.",
    ),
    ProducerSpec(
        "dien-hoa", "Hợp tác xã Nông nghiệp Điện Hòa", COOP, "Trần Thị Hòa", "Phường Điện Bàn", "Thôn Bồ Mưng",
        "thị xã Điện Bàn", "Thôn Bồ Mưng, xã Điện Hòa, thị xã Điện Bàn, tỉnh Quảng Nam",
        "Vùng rau Điện Hòa trồng rau má trên đất cát pha ven sông. Hợp tác xã sấy lạnh rau má "
        "để làm trà túi lọc thanh mát.",
    ),
    # Startup projects of the province's innovative-startup programme (plausible, not real companies).
    ProducerSpec(
        "ngoc-linh-xanh", "Công ty TNHH Ngọc Linh Xanh", COMPANY, "Hồ Thị Linh", "Xã Nam Trà My", "Thôn 1, Trà Linh",
        "huyện Nam Trà My", "Thôn 1, xã Trà Linh, huyện Nam Trà My, tỉnh Quảng Nam",
        "Ba người trẻ Xơ Đăng học nông nghiệp ở Đà Nẵng rồi về bản, cùng 40 hộ trồng sâm làm trà từ hoa và lá sâm "
        "Ngọc Linh, phần mà trước đây bị bỏ đi sau mỗi mùa thu hoạch củ.",
    ),
    ProducerSpec(
        "thanh-tra-tp", "Công ty TNHH Thanh Trà Tiên Phước", COMPANY, "Lê Văn Phước", "Xã Tiên Phước",
        "Thôn Phước Hội",
        "huyện Tiên Phước", "Thôn Phước Hội, xã Tiên Châu, huyện Tiên Phước, tỉnh Quảng Nam",
        "Thanh trà Tiên Phước chín rộ mỗi tháng Tám, giá xuống thấp vì khó bảo quản. Công ty của một kỹ sư thực "
        "phẩm quê Tiên Châu làm mứt và trà vỏ thanh trà để vườn nhà nông bán được quanh năm.",
    ),
    ProducerSpec(
        "tre-xanh-hoi-an", "Công ty TNHH Tre Xanh Hội An", COMPANY, "Trần Minh Tre", "Phường Hội An",
        "Thôn Cẩm Thanh",
        "thành phố Hội An", "Thôn 2, xã Cẩm Thanh, thành phố Hội An, tỉnh Quảng Nam",
        "Bên rừng dừa Bảy Mẫu, xưởng Tre Xanh làm ống hút, hộp quà và đồ dùng từ tre, dừa nước thay cho đồ nhựa "
        "dùng một lần, với thợ là các bà, các chị trong thôn.",
    ),
    ProducerSpec(
        "khoai-duy-phu", "Hộ kinh doanh Khoai Quảng Duy Phú", HOUSEHOLD, "Nguyễn Thị Phú", "Xã Duy Xuyên",
        "Thôn Mỹ Sơn",
        "huyện Duy Xuyên", "Thôn Mỹ Sơn, xã Duy Phú, huyện Duy Xuyên, tỉnh Quảng Nam",
        "Khoai lang vùng đồi Duy Phú, dưới chân Mỹ Sơn, ngọt và bở. Chị Phú sấy dẻo khoai không đường, không chất "
        "bảo quản, bằng lò sấy năng lượng mặt trời tự thiết kế.",
    ),
)

FOOD_SHELF = "12 tháng kể từ ngày sản xuất"

PRODUCTS = (
    # Sâm, yến and herbs.
    ProductSpec(
        "sam-sam", "sam", "Sâm Ngọc Linh SAPHRATON",
        "Củ sâm Ngọc Linh tươi trồng dưới tán rừng núi Ngọc Linh, trên 5 năm tuổi, có tem truy xuất nguồn gốc. "
        "Dùng ngâm mật ong, ngâm rượu hoặc thái lát ngậm.",
        "Củ sâm Ngọc Linh (Panax vietnamensis) tươi.", "100 g", "Bảo quản ngăn mát 2–8 °C, dùng trong 3 tháng",
        (V("Củ sâm 50 g", 9_500_000, 50), V("Củ sâm 100 g", 18_500_000, 100)),
        (C(5, "91.50", "2021-12-10"), C(5, "92.25", "2024-10-18")),
        featured=True,
    ),
    ProductSpec(
        "sam-sam", "sam", "Sâm Ngọc Linh ngâm mật ong SAPHRATON",
        "Sâm Ngọc Linh thái lát ngâm trong mật ong rừng, ăn trực tiếp mỗi sáng hoặc pha với nước ấm.",
        "Sâm Ngọc Linh 20%, mật ong rừng 80%.", "500 ml", "24 tháng kể từ ngày sản xuất",
        (V("Hũ 250 ml", 1_750_000, 400), V("Hũ 500 ml", 3_200_000, 750)),
        (C(4, "84.00", "2024-04-22"),),
        featured=True,
    ),
    ProductSpec(
        "hai-thuy", "tra", "Trà túi lọc sâm Ngọc Linh",
        "Trà túi lọc từ thân, lá và rễ con sâm Ngọc Linh sấy khô, vị đắng nhẹ rồi ngọt hậu.",
        "Thân lá sâm Ngọc Linh 70%, rễ sâm 30%.", "Hộp 20 túi × 2 g", "24 tháng kể từ ngày sản xuất",
        (V("Hộp 20 túi", 250_000, 80), V("Hộp 50 túi", 580_000, 180)),
        (C(3, "66.00", "2022-05-16"),),
    ),
    ProductSpec(
        "hai-thuy", "sam", "Lá sâm Ngọc Linh sấy khô",
        "Lá sâm Ngọc Linh hái từ cây trên 3 năm tuổi, sấy lạnh giữ màu xanh, hãm như trà.",
        "Lá sâm Ngọc Linh sấy khô 100%.", "50 g", "18 tháng kể từ ngày sản xuất",
        (V("Túi 50 g", 450_000, 70),),
        (C(3, "62.50", "2024-09-05"),),
    ),
    ProductSpec(
        "minh-triet", "tra", "MITRI TEA trà sâm",
        "Trà thảo mộc phối lá sâm, gừng và cam thảo, pha nóng hay uống lạnh đều ngon.",
        "Lá sâm, gừng, cam thảo, cỏ ngọt.", "Hộp 25 túi × 2 g", "24 tháng kể từ ngày sản xuất",
        (V("Hộp 25 túi lọc", 120_000, 90),),
        (C(3, "65.75", "2024-08-28"),),
    ),
    ProductSpec(
        "tay-giang", "tra", "Trà đảng sâm Tây Giang",
        "Trà từ củ đảng sâm trồng dưới tán rừng Tây Giang, vị ngọt thanh, giúp ăn ngon ngủ tốt.",
        "Đảng sâm (Codonopsis javanica) thái lát sấy lạnh.", "Hộp 20 túi × 3 g", "24 tháng kể từ ngày sản xuất",
        (V("Hộp 20 túi lọc", 95_000, 90), V("Túi lát khô 200 g", 180_000, 220)),
        (C(4, "74.00", "2024-12-20"),),
        featured=True,
    ),
    ProductSpec(
        "tay-giang", "thao-duoc", "Đảng sâm khô Tây Giang",
        "Củ đảng sâm nguyên củ phơi khô, dùng hầm gà, nấu cháo hoặc ngâm rượu.",
        "Củ đảng sâm khô 100%.", "500 g", "24 tháng kể từ ngày sản xuất",
        (V("Túi 500 g", 450_000, 520),),
        (C(3, "61.00", "2025-03-14"),),
    ),
    ProductSpec(
        "dat-quang", "yen-sao", "Yến sào Đất Quảng tinh chế",
        "Tổ yến nhà làm sạch lông bằng tay, không tẩy trắng, sợi yến dai. Chưng đường phèn hoặc nấu cháo.",
        "Tổ yến sào tinh chế 100%.", "50 g", "36 tháng kể từ ngày sản xuất",
        (V("Hộp 50 g", 2_200_000, 150), V("Hộp 100 g", 4_300_000, 250)),
        (C(4, "81.00", "2023-12-04"),),
        featured=True,
    ),
    ProductSpec(
        "dat-quang", "nuoc-uong", "Yến chưng đường phèn Đất Quảng",
        "Yến sào chưng sẵn với đường phèn và lá dứa, đóng lọ thủy tinh, dùng ngay hoặc để lạnh.",
        "Nước, tổ yến 12%, đường phèn, lá dứa.", "70 ml", FOOD_SHELF,
        (V("Lọ 70 ml", 45_000, 150), V("Hộp 6 lọ", 260_000, 950)),
        (C(4, "72.50", "2025-06-12"),),
    ),
    ProductSpec(
        "le-huynh", "nuoc-uong", "Nước yến Lê Huỳnh",
        "Nước yến đóng chai nấu từ yến nhà Núi Thành, vị ngọt dịu, tiện mang theo.",
        "Nước, tổ yến 3%, đường phèn, lá dứa.", "185 ml", FOOD_SHELF,
        (V("Chai 185 ml", 25_000, 300), V("Lốc 6 chai", 145_000, 1_850)),
        (C(4, "71.00", "2024-06-28"),),
    ),
    ProductSpec(
        "le-huynh", "yen-sao", "Yến sào thô Lê Huỳnh",
        "Tổ yến thô nguyên tổ, chưa làm lông, cho người muốn tự tay làm sạch.",
        "Tổ yến thô 100%.", "50 g", "36 tháng kể từ ngày sản xuất",
        (V("Hộp 50 g", 1_600_000, 140),),
        (C(3, "68.00", "2025-10-09"),),
    ),
    ProductSpec(
        "que-tra-my", "gia-vi", "Quế thanh Trà My",
        "Quế thanh cuộn từ vỏ quế Trà My trên 15 năm tuổi, thơm cay, dùng nấu phở, kho thịt, pha trà.",
        "Vỏ quế (Cinnamomum cassia) phơi khô.", "200 g", "24 tháng kể từ ngày sản xuất",
        (V("Hộp 200 g", 85_000, 230),),
        (C(4, "76.00", "2024-07-26"),),
    ),
    ProductSpec(
        "que-tra-my", "thao-duoc", "Tinh dầu quế Trà My",
        "Tinh dầu chưng cất từ vỏ và lá quế Trà My, xông phòng, đuổi muỗi, pha dầu massage.",
        "Tinh dầu quế nguyên chất 100%.", "10 ml", "36 tháng kể từ ngày sản xuất",
        (V("Chai 10 ml", 60_000, 40), V("Chai 50 ml", 220_000, 110)),
        (C(4, "73.25", "2022-11-18"),),
    ),
    # Fish sauce.
    ProductSpec(
        "cua-khe", "nuoc-mam", "Nước mắm Cửa Khe Hai Hiền 40 độ đạm",
        "Nước mắm nhĩ cá cơm than ủ chượp 12–18 tháng trong thùng gỗ, màu cánh gián, thơm dịu, vị ngọt hậu.",
        "Cá cơm than 80%, muối biển 20%.", "500 ml", "36 tháng kể từ ngày sản xuất",
        (V("Chai 500 ml", 85_000, 750), V("Hộp quà 2 chai 500 ml", 180_000, 1_600), V("Can 2 lít", 300_000, 2_300)),
        (C(4, "79.50", "2024-06-14"),),
        featured=True,
    ),
    ProductSpec(
        "cua-khe", "nuoc-mam", "Nước mắm nhĩ Cửa Khe",
        "Những giọt mắm nhĩ kéo rút đầu tiên, đậm đặc, dùng chấm trực tiếp.",
        "Cá cơm than 85%, muối biển 15%.", "250 ml", "36 tháng kể từ ngày sản xuất",
        (V("Chai 250 ml", 95_000, 420),),
        (C(3, "67.00", "2025-08-21"),),
    ),
    ProductSpec(
        "cat-trang", "nuoc-mam", "Nước mắm làng Bích Họa",
        "Nước mắm cá cơm của làng chài Tam Thanh, làng có những bức tranh tường nổi tiếng. Vị mặn mòi, thơm nồng.",
        "Cá cơm 75%, muối biển 25%.", "500 ml", "36 tháng kể từ ngày sản xuất",
        (V("Chai 500 ml", 80_000, 750), V("Chai 1 lít", 150_000, 1_350)),
        (C(4, "77.00", "2022-09-09"), C(4, "78.75", "2025-09-26")),
        featured=True,
    ),
    ProductSpec(
        "cat-trang", "hai-san-kho", "Cá cơm khô Tam Thanh",
        "Cá cơm tươi luộc nước muối nhạt rồi phơi nắng biển, rim hay chiên giòn đều ngon.",
        "Cá cơm 97%, muối 3%.", "250 g", "6 tháng, bảo quản nơi khô mát",
        (V("Túi 250 g", 95_000, 270),),
        (C(3, "60.00", "2024-02-27"),),
    ),
    ProductSpec(
        "ha-quang", "nuoc-mam", "Nước mắm Hà Quảng",
        "Nước mắm cá cơm, cá nục ủ trong lu sành, độ đạm vừa, hợp nấu ăn hằng ngày.",
        "Cá cơm, cá nục 75%, muối 25%.", "500 ml", "24 tháng kể từ ngày sản xuất",
        (V("Chai 500 ml", 70_000, 750), V("Chai 1 lít", 130_000, 1_350)),
        (C(3, "63.00", "2024-10-30"),),
    ),
    ProductSpec(
        "ha-quang", "nuoc-mam", "Mắm nêm Hà Quảng",
        "Mắm nêm cá cơm xay nhuyễn, pha thơm, ớt, tỏi chấm bánh tráng cuốn thịt heo.",
        "Cá cơm 70%, muối, thính gạo.", "500 g", FOOD_SHELF,
        (V("Hũ 500 g", 55_000, 600),),
        (C(3, "58.50", "2024-11-11"),),
    ),
    # Cakes, rice, noodles.
    ProductSpec(
        "quy-thu", "banh", "Bánh dừa nướng Quý Thu",
        "Bánh dừa nướng giòn rụm từ cơm dừa tươi, mè và đường, nướng chậm trên than. Món quà quen của Quảng Nam.",
        "Cơm dừa 45%, bột mì, đường, mè, trứng.", "180 g", "6 tháng kể từ ngày sản xuất",
        (V("Gói 180 g", 32_000, 200), V("Hộp 6 gói", 185_000, 1_250)),
        (C(5, "90.75", "2023-12-15"),),
        featured=True,
    ),
    ProductSpec(
        "quy-thu", "banh", "Bánh dừa nướng lá dứa Quý Thu",
        "Bánh dừa nướng thêm lá dứa tươi xay, màu xanh nhạt, thơm mát.",
        "Cơm dừa 40%, bột mì, đường, mè, lá dứa.", "180 g", "6 tháng kể từ ngày sản xuất",
        (V("Gói 180 g", 35_000, 200),),
        (C(4, "80.50", "2025-05-08"),),
    ),
    ProductSpec(
        "hai-an", "banh", "Bánh tráng Hải An",
        "Bánh tráng mè đen tráng tay, nướng phồng giòn, bẻ ăn với mì Quảng hay hến trộn.",
        "Bột gạo, mè đen, muối.", "Gói 10 cái", "6 tháng kể từ ngày sản xuất",
        (V("Gói 10 cái", 30_000, 300), V("Gói 20 cái", 55_000, 580)),
        (C(3, "64.00", "2021-11-25"),),
    ),
    ProductSpec(
        "dich-yen", "banh", "Bánh tráng lề Địch Yên",
        "Bánh tráng dày có lề mỏng, nướng lên giòn xốp, cuốn thịt heo luộc hay chấm mắm nêm.",
        "Gạo, muối.", "500 g", "6 tháng kể từ ngày sản xuất",
        (V("Gói 500 g", 60_000, 520),),
        (C(4, "75.50", "2024-08-16"),),
    ),
    ProductSpec(
        "que-hiep", "gao-ngu-coc", "Nếp đắng Lộc Đại",
        "Gạo nếp đắng hạt tròn, thơm, dẻo, vị hơi đắng đặc trưng; nấu xôi, làm bánh, nấu rượu.",
        "Gạo nếp đắng Lộc Đại 100%.", "1 kg", FOOD_SHELF,
        (V("Túi 1 kg", 65_000, 1_020), V("Túi 2 kg", 125_000, 2_030)),
        (C(4, "77.25", "2024-04-19"),),
    ),
    ProductSpec(
        "que-hiep", "ruou", "Rượu nếp đắng Lộc Đại",
        "Rượu nấu từ nếp đắng Lộc Đại với men lá, ủ lâu trong chum, êm và thơm.",
        "Nếp đắng, men lá, nước.", "500 ml", "Không có hạn sử dụng khi chưa mở nắp",
        (V("Chai 500 ml", 150_000, 900),),
        (C(3, "62.00", "2024-12-27"),),
        stocked_online=False,
    ),
    ProductSpec(
        "duy-oanh", "gao-ngu-coc", "Ngũ cốc gạo lứt Duy Oanh",
        "Bột ngũ cốc từ gạo lứt huyết rồng rang, đậu đen, đậu xanh và mè, không đường, pha sữa hoặc nước ấm.",
        "Gạo lứt 50%, đậu đen, đậu xanh, đậu nành, mè đen.", "500 g", FOOD_SHELF,
        (V("Túi 500 g", 95_000, 520), V("Hộp 1 kg", 180_000, 1_080)),
        (C(4, "76.50", "2024-03-29"),),
    ),
    ProductSpec(
        "duy-oanh", "gao-ngu-coc", "Bột ngũ cốc dinh dưỡng Duy Oanh",
        "Ngũ cốc mười loại hạt cho người lớn tuổi và trẻ em, thơm vị hạt rang.",
        "Gạo lứt, yến mạch, đậu các loại, hạt sen, mè.", "400 g", FOOD_SHELF,
        (V("Hũ 400 g", 120_000, 460),),
        (C(3, "65.00", "2025-11-20"),),
    ),
    ProductSpec(
        "gao-thang-binh", "gao-ngu-coc", "Gạo hữu cơ Thăng Bình",
        "Gạo trắng trồng theo hướng hữu cơ ven sông Trường Giang, cơm mềm, thơm nhẹ.",
        "Gạo hữu cơ 100%.", "2 kg", FOOD_SHELF,
        (V("Túi 2 kg", 90_000, 2_030), V("Túi 5 kg", 210_000, 5_050)),
        (C(3, "64.50", "2025-07-18"),),
    ),
    ProductSpec(
        "gao-thang-binh", "gao-ngu-coc", "Gạo lứt đỏ Thăng Bình",
        "Gạo lứt đỏ giữ nguyên cám, giàu chất xơ, hợp người ăn kiêng.",
        "Gạo lứt đỏ 100%.", "1 kg", FOOD_SHELF,
        (V("Túi 1 kg", 55_000, 1_020),),
        (C(3, "59.00", "2025-07-18"),),
    ),
    ProductSpec(
        "to-van-binh", "mi-bun", "Mì Cao Lầu Tô Văn Bình",
        "Sợi Cao Lầu khô vàng dai của phố cổ Hội An; trụng nước sôi, ăn cùng thịt xíu, rau sống và tóp mỡ.",
        "Gạo, nước tro củi, muối.", "500 g", FOOD_SHELF,
        (V("Gói 500 g sợi khô", 45_000, 520), V("Bộ Cao Lầu kèm nước sốt 4 phần", 120_000, 900)),
        (C(3, "60.50", "2022-03-11"),),
    ),
    ProductSpec(
        "phu-chiem", "mi-bun", "Mì Quảng khô Phú Chiêm",
        "Sợi mì Quảng nhuộm nghệ phơi khô của làng Phú Chiêm, trụng 2 phút là có tô mì Quảng đúng vị.",
        "Gạo, nghệ, muối.", "500 g", FOOD_SHELF,
        (V("Gói 500 g", 35_000, 520), V("Bộ 5 gói", 160_000, 2_600)),
        (C(3, "63.75", "2024-05-24"),),
    ),
    # Spices, oils, honey.
    ProductSpec(
        "son-tien", "gia-vi", "Tiêu Tiên Phước",
        "Hạt tiêu đen Tiên Phước nhỏ, chắc, cay nồng, thơm; phơi sạch, không tạp chất.",
        "Hạt tiêu đen 100%.", "100 g", "24 tháng kể từ ngày sản xuất",
        (V("Hũ 100 g", 55_000, 160), V("Túi 500 g", 220_000, 520)),
        (C(4, "70.90", "2024-09-20"),),
    ),
    ProductSpec(
        "son-tien", "gia-vi", "Tiêu xay Tiên Phước",
        "Tiêu đen xay vừa, đóng hũ có nắp rắc, tiện nêm món ăn hằng ngày.",
        "Tiêu đen xay 100%.", "50 g", FOOD_SHELF,
        (V("Hũ 50 g", 35_000, 90),),
        (C(3, "61.50", "2024-10-10"),),
    ),
    ProductSpec(
        "tuong-ot", "gia-vi", "Tương ớt Hội An",
        "Tương ớt sệt đỏ với tỏi và mè, vị cay thơm đặc trưng ăn kèm Cao Lầu, mì Quảng.",
        "Ớt chín, tỏi, mè, dầu phộng, muối, đường.", "250 g", FOOD_SHELF,
        (V("Chai 250 g", 35_000, 320),),
        (C(3, "57.00", "2025-02-19"),),
    ),
    ProductSpec(
        "bao-tam", "dau-thuc-vat", "Dầu mè đen Bảo Tâm",
        "Dầu mè đen ép lạnh nguyên chất, màu vàng sẫm, thơm bùi; trộn gỏi, xào rau, cho bé ăn dặm.",
        "Mè đen 100%.", "250 ml", FOOD_SHELF,
        (V("Chai 250 ml", 120_000, 380), V("Chai 500 ml", 220_000, 700)),
        (C(4, "78.00", "2024-09-27"),),
        featured=True,
    ),
    ProductSpec(
        "bao-tam", "dau-thuc-vat", "Dầu phộng Bảo Tâm",
        "Dầu đậu phộng ép lạnh từ đậu bãi sông, thơm béo, hợp chiên xào.",
        "Đậu phộng 100%.", "500 ml", FOOD_SHELF,
        (V("Chai 500 ml", 85_000, 700), V("Chai 1 lít", 160_000, 1_250)),
        (C(3, "66.50", "2024-09-27"),),
    ),
    ProductSpec(
        "bao-tam", "gia-vi", "Mè đen rang Bảo Tâm",
        "Mè đen rang chín giòn, rắc cơm, làm muối mè hay nấu chè.",
        "Mè đen 100%.", "200 g", "6 tháng kể từ ngày sản xuất",
        (V("Hũ 200 g", 45_000, 260),),
        (C(3, "58.00", "2022-12-06"),),
    ),
    ProductSpec(
        "ky-tan", "mat-ong", "Mật ong dú Kỳ Tân",
        "Mật ong dú (ong không ngòi) vị chua ngọt, hơi sánh, quý vì mỗi đõ ong chỉ cho vài lít một năm.",
        "Mật ong dú nguyên chất 100%.", "250 ml", "24 tháng kể từ ngày sản xuất",
        (V("Chai 250 ml", 280_000, 420), V("Chai 500 ml", 520_000, 780)),
        (C(3, "67.50", "2024-05-06"),),
    ),
    ProductSpec(
        "ky-tan", "mat-ong", "Mật ong hoa rừng Kỳ Tân",
        "Mật ong từ hoa keo, hoa tràm và hoa rừng quanh hồ Phú Ninh, ngọt thanh, thơm hoa.",
        "Mật ong hoa rừng nguyên chất 100%.", "500 ml", "24 tháng kể từ ngày sản xuất",
        (V("Chai 500 ml", 180_000, 780),),
        (C(3, "60.00", "2025-04-03"),),
    ),
    # Drinks.
    ProductSpec(
        "cu-lao-cham", "tra", "Trà rừng Cù Lao Chàm",
        "Hỗn hợp lá, thân cây rừng trên đảo Cù Lao Chàm phơi khô, nấu nước uống giải nhiệt, màu đỏ nâu đẹp.",
        "Lá và thân các loài cây rừng Cù Lao Chàm.", "200 g", "12 tháng kể từ ngày sản xuất",
        (V("Túi 200 g", 120_000, 220), V("Hộp 500 g", 270_000, 560)),
        (C(4, "73.50", "2021-10-14"), C(4, "75.00", "2024-11-29")),
        featured=True,
    ),
    ProductSpec(
        "dien-hoa", "tra", "Trà rau má Điện Hòa",
        "Rau má Điện Hòa sấy lạnh nghiền nhỏ đóng túi lọc, vị thanh mát, pha nóng hoặc đá.",
        "Rau má sấy 100%.", "Hộp 20 túi × 2 g", "18 tháng kể từ ngày sản xuất",
        (V("Hộp 20 túi lọc", 65_000, 70),),
        (C(3, "56.50", "2025-12-03"),),
    ),
    ProductSpec(
        "thu-van", "nuoc-uong", "Nước cốt chanh Thu Vân",
        "Nước cốt chanh ép lạnh nguyên chất, không pha nước, không đường; pha nước chanh, làm nước chấm.",
        "Nước cốt chanh 100%.", "300 ml", "12 tháng, bảo quản ngăn mát sau khi mở",
        (V("Chai 300 ml", 45_000, 420), V("Chai 500 ml", 70_000, 650)),
        (C(4, "71.75", "2024-01-31"),),
    ),
    ProductSpec(
        "thu-van", "gia-vi", "Chanh muối Thu Vân",
        "Chanh nguyên quả muối trong hũ thủy tinh, pha nước chanh muối giải khát, chữa đau họng.",
        "Chanh, muối, nước.", "500 g", "24 tháng kể từ ngày sản xuất",
        (V("Hũ 500 g", 60_000, 820),),
        (C(3, "55.00", "2025-11-20"),),
    ),
    # Crafts.
    ProductSpec(
        "ma-chau", "lua-tho-cam", "Tơ lụa Mã Châu",
        "Lụa tơ tằm dệt trên khung gỗ của làng Mã Châu, mặt lụa mềm, bóng nhẹ, nhuộm màu thực vật.",
        "Tơ tằm 100%.", "Khăn 50 × 160 cm", "",
        (V("Khăn lụa 50 × 160 cm", 450_000, 80), V("Mét vải khổ 90 cm", 350_000, 90)),
        (C(4, "82.00", "2024-06-28"),),
        featured=True,
    ),
    ProductSpec(
        "ma-chau", "lua-tho-cam", "Cà vạt lụa tơ tằm Mã Châu",
        "Cà vạt may từ lụa tơ tằm Mã Châu, màu trầm, đóng hộp giấy dó làm quà.",
        "Tơ tằm 100%.", "1 chiếc", "",
        (V("Hộp 1 chiếc", 280_000, 120),),
        (C(3, "64.00", "2022-07-15"),),
        stocked_online=False,
    ),
    ProductSpec(
        "zara", "lua-tho-cam", "Thổ cẩm Cơ Tu Zara",
        "Thổ cẩm dệt tay đính cườm của phụ nữ Cơ Tu, hoa văn núi rừng; làm khăn choàng, túi xách.",
        "Sợi bông, hạt cườm.", "Khăn 40 × 180 cm", "",
        (V("Khăn thổ cẩm 40 × 180 cm", 380_000, 250), V("Túi xách thổ cẩm", 450_000, 350)),
        (C(4, "76.25", "2024-11-08"),),
    ),
    ProductSpec(
        "de-lantana", "den-long", "Đèn lồng Hội An Dé Lantana",
        "Đèn lồng khung tre bọc lụa, gấp gọn được để mang theo, kèm đui đèn và dây điện an toàn.",
        "Tre, lụa, đui đèn.", "Đường kính 30 cm", "",
        (
            V("Đèn lồng lụa 30 cm", 220_000, 300), V("Đèn lồng lụa 45 cm", 350_000, 450),
            V("Bộ 3 đèn mini", 180_000, 250),
        ),
        (C(4, "72.00", "2019-12-18"), C(3, "68.50", "2025-09-12")),
    ),
    ProductSpec(
        "de-lantana", "den-long", "Đèn lồng xếp du lịch Hội An",
        "Đèn lồng xếp dẹt trong hộp mỏng, dựng lên trong một phút, món quà nhẹ cho khách đi máy bay.",
        "Tre, vải lụa.", "Đường kính 25 cm", "",
        (V("Đèn lồng xếp 25 cm", 150_000, 200),),
        (C(3, "60.50", "2024-04-12"),),
    ),
    ProductSpec(
        "tram-huong-tp", "tram-huong", "Vòng tay trầm hương Tiên Phước",
        "Vòng tay tiện từ trầm hương tự nhiên trồng tại Tiên Phước, mùi thơm dịu, càng đeo càng bóng.",
        "Trầm hương tự nhiên, dây chun.", "1 vòng", "",
        (V("Vòng hạt 8 ly", 850_000, 30), V("Vòng hạt 10 ly", 1_200_000, 40), V("Chuỗi 108 hạt 6 ly", 1_500_000, 45)),
        (C(4, "80.00", "2024-08-30"),),
        featured=True,
    ),
    ProductSpec(
        "tram-huong-tp", "tram-huong", "Nhang trầm hương không tăm",
        "Nhang se tay từ bột trầm hương và keo bời lời, không hóa chất, khói nhẹ, thơm lâu.",
        "Bột trầm hương, bột bời lời.", "Hộp 100 nén", "36 tháng kể từ ngày sản xuất",
        (V("Hộp 100 nén", 180_000, 150),),
        (C(3, "63.00", "2022-10-21"),),
        motif="incense",
    ),
    ProductSpec(
        "tram-huong-tp", "tram-huong", "Nụ trầm hương Tiên Phước",
        "Nụ trầm xông phòng, xông xe, kèm đĩa đốt bằng gốm.",
        "Bột trầm hương, bột bời lời.", "Hộp 100 nụ", "36 tháng kể từ ngày sản xuất",
        (V("Hộp 100 nụ", 150_000, 180),),
        (C(3, "59.50", "2025-08-08"),),
        motif="incense",
    ),
    ProductSpec(
        "thanh-ha", "gom-do-go", "Bình hoa gốm Thanh Hà",
        "Bình hoa gốm đỏ nặn tay trên bàn xoay, nung củi, mỗi chiếc một dáng riêng.",
        "Đất sét sông Thu Bồn.", "Cao 25 cm", "",
        (V("Bình cao 25 cm", 280_000, 1_200), V("Bình cao 40 cm", 520_000, 2_500)),
        (C(3, "66.00", "2024-02-02"),),
    ),
    ProductSpec(
        "thanh-ha", "gom-do-go", "Bộ ấm chén gốm Thanh Hà",
        "Bộ ấm chén gốm mộc men tro, giữ nhiệt tốt, hợp pha trà rừng và trà sâm.",
        "Đất sét, men tro.", "1 ấm, 6 chén", "",
        (V("Bộ 1 ấm 6 chén", 450_000, 1_600),),
        (C(3, "61.00", "2025-10-30"),),
        motif="teapot",
    ),
    ProductSpec(
        "kim-bong", "gom-do-go", "Mô hình Chùa Cầu gỗ Kim Bồng",
        "Mô hình Chùa Cầu Hội An chạm tay từ gỗ mít, đủ mái ngói, tượng chó và khỉ canh cầu.",
        "Gỗ mít, sơn dầu.", "Dài 20 cm", "",
        (V("Cỡ 20 cm", 650_000, 600), V("Cỡ 35 cm", 1_250_000, 1_400)),
        (C(4, "78.50", "2024-12-20"),),
        motif="bridge",
    ),
    ProductSpec(
        "kim-bong", "gom-do-go", "Hộp gỗ đựng trà Kim Bồng",
        "Hộp gỗ mít chạm hoa sen, nắp khít, giữ trà khô thơm.",
        "Gỗ mít.", "12 × 8 × 8 cm", "",
        (V("Hộp 1 chiếc", 250_000, 350),),
        (C(3, "57.50", "2024-03-15"),),
        motif="box",
    ),
    # Products of the startup projects (see STARTUPS).
    ProductSpec(
        "ngoc-linh-xanh", "tra", "Trà hoa sâm Ngọc Linh",
        "Nụ hoa sâm Ngọc Linh hái từ cây trên 4 năm tuổi, sấy lạnh; hãm nước sôi cho nước vàng nhạt, vị đắng nhẹ "
        "rồi ngọt hậu, dễ ngủ.",
        "Nụ hoa sâm Ngọc Linh sấy khô 100%.", "Hộp 30 g", "24 tháng kể từ ngày sản xuất",
        (V("Hộp 30 g", 390_000, 120), V("Hộp 60 g", 740_000, 200)),
        (C(4, "73.50", "2024-09-26"),),
        motif="ginseng",
    ),
    ProductSpec(
        "ngoc-linh-xanh", "tra", "Trà lá sâm Ngọc Linh túi lọc mật ong",
        "Trà túi lọc lá sâm Ngọc Linh phối mật ong rừng sấy khô, pha nhanh cho dân văn phòng.",
        "Lá sâm Ngọc Linh 60%, mật ong sấy 25%, cỏ ngọt.", "Hộp 20 túi × 2 g", "24 tháng kể từ ngày sản xuất",
        (V("Hộp 20 túi", 180_000, 80),),
        (),
        motif="ginseng",
    ),
    ProductSpec(
        "thanh-tra-tp", "banh", "Mứt vỏ thanh trà Tiên Phước",
        "Vỏ thanh trà ngâm bỏ đắng, sên với đường phèn đến khi trong, dẻo, thơm tinh dầu bưởi; ăn Tết hay pha trà.",
        "Vỏ thanh trà 70%, đường phèn, gừng.", "Hũ 250 g", FOOD_SHELF,
        (V("Hũ 250 g", 85_000, 320),),
        (C(3, "64.50", "2025-05-20"),),
        motif="jar",
    ),
    ProductSpec(
        "thanh-tra-tp", "tra", "Trà vỏ thanh trà gừng",
        "Trà túi lọc vỏ thanh trà sấy với gừng, ấm bụng, thơm mùi bưởi.",
        "Vỏ thanh trà sấy 70%, gừng 30%.", "Hộp 20 túi × 2 g", "18 tháng kể từ ngày sản xuất",
        (V("Hộp 20 túi", 65_000, 70),),
        (),
    ),
    ProductSpec(
        "tre-xanh-hoi-an", "gom-do-go", "Ống hút tre Hội An",
        "Ống hút tre tự nhiên luộc muối, sấy khô, dùng lại được nhiều lần; kèm cọ rửa bằng xơ dừa.",
        "Tre tự nhiên.", "Bộ 10 ống", "",
        (V("Bộ 10 ống kèm cọ", 75_000, 90),),
        (),
        motif="box",
    ),
    ProductSpec(
        "tre-xanh-hoi-an", "gom-do-go", "Hộp quà tre đan Cẩm Thanh",
        "Hộp tre đan nắp khít, lót lá dừa nước, để đựng trà, bánh hay quà lưu niệm.",
        "Tre, lá dừa nước.", "20 × 15 × 8 cm", "",
        (V("Hộp vừa", 160_000, 300), V("Hộp lớn", 240_000, 450)),
        (C(3, "58.00", "2025-09-30"),),
        motif="box",
    ),
    ProductSpec(
        "khoai-duy-phu", "gao-ngu-coc", "Khoai lang sấy dẻo Duy Phú",
        "Khoai lang mật vùng đồi Duy Phú hấp chín, sấy dẻo không đường, ăn vặt lành mạnh cho cả nhà.",
        "Khoai lang 100%.", "Túi 250 g", "9 tháng kể từ ngày sản xuất",
        (V("Túi 250 g", 55_000, 260), V("Hộp 500 g", 100_000, 540)),
        (),
        motif="bowl",
    ),
)

# The startup projects; MITRI TEA (Minh Triết) is the programme's own example.
STARTUPS = (
    StartupSpec(
        "minh-triet", "MITRI TEA – trà sâm thảo mộc", 2018, "flagship",
        "Anh Phạm Minh Triết, kỹ sư hóa thực phẩm, rời công việc ở Thành phố Hồ Chí Minh về Phú Ninh năm 2018. "
        "Anh mua lá sâm của nông dân Nam Trà My, thử hàng trăm công thức trong căn bếp của mẹ rồi dựng xưởng nhỏ "
        "ở cụm công nghiệp Tam Đàn.",
        "Phối lá sâm – phần trước đây bị bỏ đi – với gừng và cam thảo thành trà túi lọc giá vừa túi tiền; "
        "sấy lạnh để giữ hoạt chất.",
        "Giải Nhì cuộc thi Ý tưởng khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam; hỗ trợ từ Đề án 844 của tỉnh.",
        datetime.date(2020, 11, 12),
    ),
    StartupSpec(
        "ngoc-linh-xanh", "Ngọc Linh Xanh – trà hoa sâm", 2020, "flagship",
        "Hồ Thị Linh cùng hai bạn đồng hương học Đại học Nông Lâm về bản Trà Linh năm 2020. Họ nhận ra hoa sâm "
        "bị ngắt bỏ để củ lớn, bèn thu mua hoa của các hộ trồng sâm để làm trà.",
        "Tận dụng hoa và lá sâm Ngọc Linh – phụ phẩm của vườn sâm – thành trà; truy xuất nguồn gốc từng vườn "
        "bằng mã QR.",
        "Giải Nhất Ngày hội khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam (Techfest Quảng Nam); vốn ưu đãi từ "
        "Quỹ hỗ trợ phát triển khởi nghiệp.",
        datetime.date(2022, 9, 20),
    ),
    StartupSpec(
        "thanh-tra-tp", "Thanh Trà Tiên Phước", 2022, "incubating",
        "Lê Văn Phước lớn lên giữa vườn thanh trà của ông bà. Năm 2022, sau mùa thanh trà rớt giá, anh bỏ việc ở "
        "nhà máy bánh kẹo Đà Nẵng, về Tiên Châu làm mứt và trà từ vỏ quả.",
        "Dùng vỏ thanh trà – thứ người ta vứt đi – làm mứt và trà túi lọc, giúp nhà vườn bán quả quanh năm.",
        "Được ươm tạo tại Vườn ươm doanh nghiệp khởi nghiệp tỉnh; hỗ trợ thiết kế bao bì từ Đề án 844.",
        datetime.date(2023, 6, 15),
    ),
    StartupSpec(
        "tre-xanh-hoi-an", "Tre Xanh Hội An", 2017, "graduated",
        "Trần Minh Tre là hướng dẫn viên du lịch ở Cẩm Thanh. Thấy ống hút nhựa trôi dạt trong rừng dừa, anh cùng "
        "các bà trong thôn làm ống hút tre bán cho quán cà phê phố cổ, rồi xuất đi châu Âu.",
        "Thay đồ nhựa dùng một lần bằng tre và dừa nước của địa phương; tạo việc làm cho phụ nữ lớn tuổi.",
        "Giải Ba cuộc thi Khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam 2019; nay tự đứng vững, đã rời chương trình "
        "ươm tạo.",
        datetime.date(2019, 12, 5),
    ),
    StartupSpec(
        "khoai-duy-phu", "Khoai Quảng Duy Phú", 2023, "incubating",
        "Chị Nguyễn Thị Phú trồng khoai ở Duy Phú hơn mười năm. Năm 2023 chị tự làm lò sấy năng lượng mặt trời "
        "từ khung nhà kính cũ để sấy khoai dẻo bán qua mạng.",
        "Lò sấy năng lượng mặt trời giá rẻ, sấy không đường, không chất bảo quản.",
        "Hỗ trợ từ Hội Liên hiệp Phụ nữ tỉnh (dự án khởi nghiệp của phụ nữ).",
        None,
    ),
)

# "Sản phẩm công nghiệp nông thôn tiêu biểu": provincial rounds every two years, regional after them; before the
# July 2025 reform districts held their own rounds. One recognition has expired, so its badge is gone.
RURAL_INDUSTRY = (
    RuralIndustrySpec("MITRI TEA trà sâm", 2, 2023, datetime.date(2023, 10, 16), "processed_food"),
    RuralIndustrySpec("Nước mắm làng Bích Họa", 2, 2023, datetime.date(2023, 10, 16), "processed_food"),
    RuralIndustrySpec("Tơ lụa Mã Châu", 3, 2021, datetime.date(2021, 12, 6), "handicraft"),
    RuralIndustrySpec("Đèn lồng Hội An Dé Lantana", 2, 2021, datetime.date(2021, 9, 28), "handicraft"),
    RuralIndustrySpec("Vòng tay trầm hương Tiên Phước", 2, 2023, datetime.date(2023, 10, 16), "handicraft"),
    RuralIndustrySpec("Mứt vỏ thanh trà Tiên Phước", 1, 2024, datetime.date(2024, 8, 22), "processed_food"),
    RuralIndustrySpec("Hộp quà tre đan Cẩm Thanh", 2, 2025, datetime.date(2025, 11, 3), "handicraft"),
    RuralIndustrySpec(
        "Bình hoa gốm Thanh Hà", 2, 2017, datetime.date(2017, 11, 20), "handicraft", datetime.date(2020, 11, 20)
    ),
)

# fmt: on

DEMO_ACCOUNTS = (
    AccountSpec("quanly@xuquang.vn", "manager", "Minh", "Quản lý"),
    AccountSpec("chuthe.cattrang@xuquang.vn", "producer", "Thanh", "Trương", producer="cat-trang"),
    AccountSpec("chuthe.mitri@xuquang.vn", "producer", "Triết", "Phạm", producer="minh-triet"),
    AccountSpec("nhanvien.chulai@xuquang.vn", "kiosk_staff", "Lan", "Nguyễn", kiosk=locations.KIOSK_CHU_LAI),
    AccountSpec("nhanvien.tamky@xuquang.vn", "kiosk_staff", "Hùng", "Trần", kiosk=locations.KIOSK_TAM_KY),
    AccountSpec("nhanvien.hoian@xuquang.vn", "kiosk_staff", "Mai", "Lê", kiosk=locations.KIOSK_HOI_AN),
    AccountSpec("nhanvien.dienban@xuquang.vn", "kiosk_staff", "Phúc", "Phạm", kiosk=locations.KIOSK_DIEN_BAN),
    AccountSpec("khach@xuquang.vn", "shopper", "An", "Khách"),
)


# The HCMC shop's account for VietQR transfers in the demo: a real bank's BIN (Vietcombank) with an account
# number and holder that say they are for demonstration.
DEMO_TRANSFER_ACCOUNT = {
    "bank_bin": "970436",
    "bank_name": "Vietcombank",
    "account_number": "0000000000DEMO",
    "account_holder": "XU QUANG MARKET DEMO",
}


# English for the API's translation(languageCode: EN): every OCOP group and subgroup, and a handful of products
# (by their Vietnamese name). Vietnamese stays the source; what is not here answers no translation.
CATEGORY_ENGLISH = {
    "thuc-pham": ("Food", "Quảng Nam specialities to eat: fish sauce, cakes, rice, spices."),
    "nuoc-mam": ("Fish sauce & fermented fish", ""),
    "banh": ("Cakes", ""),
    "gao-ngu-coc": ("Rice & cereals", ""),
    "mi-bun": ("Dried noodles", ""),
    "gia-vi": ("Spices", ""),
    "dau-thuc-vat": ("Vegetable oils", ""),
    "mat-ong": ("Honey", ""),
    "hai-san-kho": ("Dried seafood", ""),
    "do-uong": ("Drinks", "Teas, drinks and spirits made from mountain and sea ingredients."),
    "tra": ("Tea", ""),
    "nuoc-uong": ("Beverages", ""),
    "ruou": ("Spirits", ""),
    "duoc-lieu": (
        "Medicinal herbs and herbal products",
        "Ngọc Linh ginseng, bird's nest, cinnamon and herbs from the mountains, forests and islands of Quảng Nam.",
    ),
    "sam": ("Ginseng", ""),
    "yen-sao": ("Bird's nest", ""),
    "thao-duoc": ("Herbs & essential oils", ""),
    "thu-cong-my-nghe": (
        "Handicrafts",
        "Silk, brocade, lanterns, agarwood, pottery and woodwork from the craft villages.",
    ),
    "lua-tho-cam": ("Silk & brocade", ""),
    "den-long": ("Lanterns", ""),
    "tram-huong": ("Agarwood", ""),
    "gom-do-go": ("Pottery & woodwork", ""),
    "hop-qua": ("Gift boxes", ""),
}

PRODUCT_ENGLISH = {
    "Sâm Ngọc Linh SAPHRATON": (
        "SAPHRATON Ngọc Linh ginseng",
        "Fresh Ngọc Linh ginseng roots grown under the forest canopy of Mount Ngọc Linh, over five years old, "
        "with a traceability seal. Steep in honey or rice wine, or slice and let melt in the mouth.",
    ),
    "Sâm Ngọc Linh ngâm mật ong SAPHRATON": (
        "SAPHRATON Ngọc Linh ginseng in honey",
        "Sliced Ngọc Linh ginseng steeped in wild honey: eat a slice each morning or stir into warm water.",
    ),
    "Trà túi lọc sâm Ngọc Linh": (
        "Ngọc Linh ginseng tea bags",
        "Tea from the dried stems, leaves and fine roots of Ngọc Linh ginseng: lightly bitter, then sweet.",
    ),
    "Trà đảng sâm Tây Giang": (
        "Tây Giang codonopsis tea",
        "Tea from codonopsis roots grown under the Tây Giang forest, mildly sweet, for good appetite and sleep.",
    ),
    "Quế thanh Trà My": (
        "Trà My cinnamon sticks",
        "Rolled sticks of Trà My cinnamon bark from trees over 15 years old, for phở, braised pork and tea.",
    ),
    "Nước mắm làng Bích Họa": (
        "Bích Họa village fish sauce",
        "Anchovy fish sauce from the fishing village of Tam Thanh, known for its painted walls.",
    ),
    "Bánh dừa nướng Quý Thu": (
        "Quý Thu baked coconut crackers",
        "Crisp crackers of fresh coconut, sesame and sugar, slowly baked over charcoal.",
    ),
}


@dataclass(frozen=True)
class GiftSetSpec:
    name: str
    description: str
    price: int  # VND online; kiosk prices derive from it as for products
    parts: tuple[tuple[str, int], ...]  # (demo product name, units per set); its first variant goes in
    name_en: str = ""


# Who sells the gift sets: the programme itself packs them from its producers' goods (each producer is paid its
# share of a set, see docs/gift-sets.md), so a set has a seller record of its own and no producer's name on it.
GIFT_SET_SELLER = ProducerSpec(
    "xu-quang-market",
    "Xứ Quảng Market – hộp quà của chương trình",
    COMPANY,
    "Ban điều hành chương trình",
    "Phường Hội An",
    "02 Trần Hưng Đạo",
    "thành phố Hội An",
    "02 Trần Hưng Đạo, phường Minh An, thành phố Hội An, tỉnh Quảng Nam",
    "Chương trình đóng các hộp quà từ sản phẩm OCOP của nhiều chủ thể trong tỉnh; mỗi chủ thể được trả phần "
    "của mình trong giá hộp.",
)

GIFT_SETS = (
    GiftSetSpec(
        name="Hộp quà Tết xứ Quảng",
        description=(
            "Hộp quà Tết gói sẵn ba đặc sản OCOP: trà rừng Cù Lao Chàm, hai chai nước mắm làng Bích Họa và "
            "bánh tráng Hải An. Mỗi món vẫn mang nhãn và sao OCOP của chủ thể làm ra nó."
        ),
        price=420_000,
        parts=(("Trà rừng Cù Lao Chàm", 1), ("Nước mắm làng Bích Họa", 2), ("Bánh tráng Hải An", 1)),
        name_en="Quảng Tết gift box",
    ),
)
