"""Word lists the catalogue generator combines into Vietnamese producer and product names.

The words are real Quảng Nam products, places and given names, written with full diacritics, so that a
shopper's query typed without them ("nuoc mam", "sam ngoc linh", "hoa") has thousands of rows to match and
rank, as it would on a large real catalogue.
"""

# The OCOP groups of Decision 148/QĐ-TTg (2023) with the subgroups the generator fills:
# (slug, name, [(subgroup slug, subgroup name), ...]). Community tourism is listed but holds no goods.
OCOP_GROUPS = [
    (
        "thuc-pham",
        "Thực phẩm",
        [
            ("nong-san", "Nông sản tươi và sơ chế"),
            ("thuc-pham-che-bien", "Thực phẩm chế biến"),
            ("gia-vi-nuoc-cham", "Gia vị và nước chấm"),
            ("yen-sao-mat-ong", "Yến sào và mật ong"),
        ],
    ),
    (
        "do-uong",
        "Đồ uống",
        [("tra-thao-moc", "Trà và thảo mộc"), ("ruou", "Rượu"), ("nuoc-giai-khat", "Nước giải khát")],
    ),
    (
        "duoc-lieu",
        "Dược liệu và sản phẩm từ dược liệu",
        [("sam-duoc-lieu", "Sâm và dược liệu"), ("tinh-dau-my-pham", "Tinh dầu và mỹ phẩm thảo dược")],
    ),
    (
        "thu-cong-my-nghe",
        "Hàng thủ công mỹ nghệ",
        [
            ("det-may-to-lua", "Dệt may và tơ lụa"),
            ("may-tre-gom-den-long", "Mây tre, gốm và đèn lồng"),
            ("tram-huong", "Trầm hương"),
        ],
    ),
    ("sinh-vat-canh", "Sinh vật cảnh", [("hoa-cay-canh", "Hoa và cây cảnh")]),
    ("du-lich", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", []),
]

# How many products of a hundred fall in each subgroup: food dominates, as in the province's OCOP lists.
SUBGROUP_WEIGHTS = {
    "nong-san": 12,
    "thuc-pham-che-bien": 16,
    "gia-vi-nuoc-cham": 14,
    "yen-sao-mat-ong": 8,
    "tra-thao-moc": 10,
    "ruou": 5,
    "nuoc-giai-khat": 5,
    "sam-duoc-lieu": 10,
    "tinh-dau-my-pham": 5,
    "det-may-to-lua": 4,
    "may-tre-gom-den-long": 4,
    "tram-huong": 3,
    "hoa-cay-canh": 4,
}

# Pack sizes: (variant name, weight in grams, price multiplier of the smallest pack).
BOTTLES = [("Chai 250 ml", 400, 1.0), ("Chai 500 ml", 700, 1.8), ("Chai 1 lít", 1300, 3.2), ("Can 2 lít", 2300, 5.8)]
BAGS = [("Túi 200 g", 220, 1.0), ("Túi 500 g", 520, 2.3), ("Túi 1 kg", 1030, 4.2), ("Bao 5 kg", 5100, 19.0)]
BOXES = [("Hộp 100 g", 150, 1.0), ("Hộp 250 g", 300, 2.3), ("Hộp 500 g", 560, 4.4), ("Hộp quà 1 kg", 1200, 8.5)]
JARS = [("Hũ 150 g", 250, 1.0), ("Hũ 300 g", 420, 1.9), ("Hũ 500 g", 650, 3.0), ("Hũ 1 kg", 1250, 5.6)]
PIECES = [("Cỡ nhỏ", 300, 1.0), ("Cỡ vừa", 600, 1.7), ("Cỡ lớn", 1100, 2.8), ("Bộ quà tặng", 1500, 4.0)]
POTS = [("Chậu nhỏ", 1500, 1.0), ("Chậu vừa", 3500, 2.2), ("Chậu lớn", 8000, 4.5), ("Chậu đặc biệt", 15000, 9.0)]

# Product kinds per subgroup: (name head, pack sizes, price range of the smallest pack in đồng).
PRODUCT_KINDS = {
    "nong-san": [
        ("Gạo lứt đỏ", BAGS, (25_000, 45_000)),
        ("Nếp đắng", BAGS, (30_000, 55_000)),
        ("Tiêu đen", BAGS, (45_000, 90_000)),
        ("Quế Trà My", BAGS, (40_000, 85_000)),
        ("Đậu phộng", BAGS, (20_000, 40_000)),
        ("Tinh bột nghệ", JARS, (60_000, 140_000)),
        ("Bột sắn dây", BAGS, (35_000, 70_000)),
        ("Hạt điều rang muối", JARS, (70_000, 150_000)),
    ],
    "thuc-pham-che-bien": [
        ("Bánh tráng nướng mè đen", BAGS, (20_000, 40_000)),
        ("Bánh tráng cuốn", BAGS, (18_000, 35_000)),
        ("Bánh tráng lề", BAGS, (25_000, 45_000)),
        ("Bánh dừa nướng", BOXES, (30_000, 60_000)),
        ("Mì Quảng khô", BAGS, (25_000, 45_000)),
        ("Mì cao lầu", BAGS, (30_000, 55_000)),
        ("Bánh tổ", BOXES, (35_000, 70_000)),
        ("Kẹo gương", BOXES, (25_000, 50_000)),
        ("Chả bò", BOXES, (80_000, 160_000)),
        ("Mứt gừng", JARS, (40_000, 80_000)),
        ("Ngũ cốc gạo lứt", BOXES, (55_000, 110_000)),
    ],
    "gia-vi-nuoc-cham": [
        ("Nước mắm cá cơm", BOTTLES, (35_000, 80_000)),
        ("Nước mắm nhĩ", BOTTLES, (60_000, 140_000)),
        ("Nước mắm cốt", BOTTLES, (45_000, 100_000)),
        ("Mắm cái", JARS, (40_000, 90_000)),
        ("Tương ớt", BOTTLES, (20_000, 40_000)),
        ("Dầu mè đen", BOTTLES, (70_000, 150_000)),
        ("Muối ớt xanh", JARS, (20_000, 40_000)),
    ],
    "yen-sao-mat-ong": [
        ("Yến sào tinh chế", BOXES, (900_000, 2_500_000)),
        ("Yến thô", BOXES, (700_000, 1_800_000)),
        ("Mật ong dú", BOTTLES, (150_000, 350_000)),
        ("Mật ong rừng", BOTTLES, (180_000, 400_000)),
        ("Mật ong hoa cà phê", BOTTLES, (120_000, 250_000)),
    ],
    "tra-thao-moc": [
        ("Trà sâm túi lọc", BOXES, (60_000, 150_000)),
        ("Trà đảng sâm", BOXES, (70_000, 160_000)),
        ("Trà rừng", BOXES, (50_000, 110_000)),
        ("Trà hoa cúc", BOXES, (45_000, 100_000)),
        ("Trà gừng", BOXES, (35_000, 80_000)),
        ("Trà xanh", BOXES, (40_000, 90_000)),
        ("Trà lá vối", BOXES, (30_000, 70_000)),
        ("Cà phê rang xay", BAGS, (60_000, 140_000)),
    ],
    "ruou": [
        ("Rượu ba kích", BOTTLES, (150_000, 350_000)),
        ("Rượu sâm Ngọc Linh", BOTTLES, (600_000, 2_000_000)),
        ("Rượu Hồng Đào", BOTTLES, (90_000, 200_000)),
        ("Rượu nếp", BOTTLES, (60_000, 130_000)),
    ],
    "nuoc-giai-khat": [
        ("Nước cốt chanh", BOTTLES, (35_000, 70_000)),
        ("Nước yến", BOTTLES, (80_000, 180_000)),
        ("Nước ép trái cây", BOTTLES, (30_000, 60_000)),
        ("Nước sâm bí đao", BOTTLES, (20_000, 40_000)),
    ],
    "sam-duoc-lieu": [
        ("Sâm Ngọc Linh tươi", BOXES, (3_000_000, 9_000_000)),
        ("Sâm Ngọc Linh khô", BOXES, (2_500_000, 7_000_000)),
        ("Cao sâm Ngọc Linh", JARS, (1_200_000, 3_500_000)),
        ("Đảng sâm khô", BAGS, (150_000, 350_000)),
        ("Ba kích tím", BAGS, (120_000, 300_000)),
        ("Nấm linh chi", BAGS, (200_000, 500_000)),
        ("Cao dược liệu", JARS, (150_000, 400_000)),
    ],
    "tinh-dau-my-pham": [
        ("Tinh dầu quế", BOTTLES, (60_000, 140_000)),
        ("Tinh dầu sả chanh", BOTTLES, (50_000, 120_000)),
        ("Xà phòng thảo dược", PIECES, (30_000, 60_000)),
        ("Dầu gội bồ kết", BOTTLES, (60_000, 120_000)),
    ],
    "det-may-to-lua": [
        ("Khăn lụa tơ tằm", PIECES, (250_000, 600_000)),
        ("Vải thổ cẩm", PIECES, (300_000, 800_000)),
        ("Túi thổ cẩm", PIECES, (150_000, 400_000)),
        ("Áo lụa", PIECES, (500_000, 1_200_000)),
    ],
    "may-tre-gom-den-long": [
        ("Đèn lồng Hội An", PIECES, (80_000, 250_000)),
        ("Gốm Thanh Hà", PIECES, (60_000, 300_000)),
        ("Giỏ mây tre đan", PIECES, (70_000, 200_000)),
        ("Tượng gỗ Kim Bồng", PIECES, (300_000, 1_500_000)),
    ],
    "tram-huong": [
        ("Vòng tay trầm hương", PIECES, (400_000, 2_500_000)),
        ("Nhang trầm", BOXES, (80_000, 250_000)),
        ("Nụ trầm", BOXES, (100_000, 300_000)),
    ],
    "hoa-cay-canh": [
        ("Hoa lan rừng", POTS, (150_000, 500_000)),
        ("Hoa cúc chậu", POTS, (50_000, 120_000)),
        ("Mai vàng bonsai", POTS, (500_000, 3_000_000)),
        ("Hoa giấy", POTS, (80_000, 250_000)),
        ("Sen đá", POTS, (30_000, 80_000)),
    ],
}

QUALIFIERS = [
    "truyền thống",
    "đặc biệt",
    "thượng hạng",
    "hữu cơ",
    "gia truyền",
    "nguyên chất",
    "cao cấp",
    "loại 1",
    "xứ Quảng",
    "làng nghề",
]

# Places of origin as the certificates name them (old districts, villages), each with the commune-level unit of
# Thành phố Đà Nẵng that has held it since 1 July 2025.
PLACES = [
    ("Tam Kỳ", "Phường Tam Kỳ"),
    ("Hội An", "Phường Hội An"),
    ("Điện Bàn", "Phường Điện Bàn"),
    ("Núi Thành", "Xã Núi Thành"),
    ("Duy Xuyên", "Xã Duy Xuyên"),
    ("Quế Sơn", "Xã Quế Sơn"),
    ("Tiên Phước", "Xã Tiên Phước"),
    ("Nam Trà My", "Xã Trà Linh"),
    ("Bắc Trà My", "Xã Trà My"),
    ("Tây Giang", "Xã Tây Giang"),
    ("Đông Giang", "Xã Đông Giang"),
    ("Phú Ninh", "Xã Phú Ninh"),
    ("Thăng Bình", "Xã Thăng Bình"),
    ("Đại Lộc", "Xã Đại Lộc"),
    ("Hiệp Đức", "Xã Hiệp Đức"),
    ("Nông Sơn", "Xã Nông Sơn"),
    ("Phước Sơn", "Xã Khâm Đức"),
    ("Nam Giang", "Xã Nam Giang"),
    ("Cù Lao Chàm", "Xã Tân Hiệp"),
    ("Trà Quế", "Phường Hội An Đông"),
    ("Thanh Hà", "Phường Hội An Tây"),
    ("Kim Bồng", "Xã Tân Hiệp"),
    ("Mã Châu", "Xã Duy Xuyên"),
    ("Cửa Khe", "Xã Thăng An"),
    ("Bích Họa", "Phường Tam Kỳ"),
    ("Kỳ Tân", "Xã Phú Ninh"),
    ("Lộc Đại", "Xã Quế Sơn Trung"),
    ("Địch Yên", "Xã Tiên Phước"),
    ("Điện Hòa", "Phường Điện Bàn Bắc"),
    ("Duy Hòa", "Xã Duy Xuyên"),
    ("Hòa Tiến", "Xã Hòa Tiến"),
    ("Bình Minh", "Xã Thăng Trường"),
    ("Tam Thanh", "Phường Tam Kỳ"),
]

GIVEN_NAMES = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Hà",
    "Hải",
    "Hiền",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phát",
    "Phúc",
    "Quang",
    "Quý",
    "Sơn",
    "Tâm",
    "Thành",
    "Thảo",
    "Thu",
    "Thủy",
    "Tiến",
    "Trang",
    "Trí",
    "Tuấn",
    "Vân",
    "Việt",
    "Xuân",
    "Yến",
    "Đức",
    "Đạt",
    "Hoà",
    "Lộc",
    "Tài",
    "Duy",
]
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Ngô"]

# Legal forms with the prefix their names carry and how often they appear among OCOP producers.
LEGAL_FORMS = [
    ("cooperative", "HTX", 35),
    ("company", "Công ty TNHH", 30),
    ("household", "Hộ kinh doanh", 30),
    ("cooperative_group", "Tổ hợp tác", 5),
]

# Who signs an OCOP recognition: the province for 3–4★ and the central level for 5★; since 1 July 2025 the
# province of Quảng Nam is part of Thành phố Đà Nẵng (Decision 1489/QĐ-TTg moved 5★ to the ministry).
AUTHORITY_PROVINCE_BEFORE = "UBND tỉnh Quảng Nam"
AUTHORITY_PROVINCE_AFTER = "UBND thành phố Đà Nẵng"
AUTHORITY_CENTRAL_BEFORE = "Bộ Nông nghiệp và Phát triển nông thôn"
AUTHORITY_CENTRAL_AFTER = "Bộ Nông nghiệp và Môi trường"
