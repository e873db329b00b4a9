"""Reference tables: GB/T 2260 provinces, the SWIFT IBAN registry, ISO 3166 country codes,
card issuer identification number (IIN) ranges.

These are published facts (the IBAN BBAN structures follow the SWIFT IBAN
registry, release 101; country codes follow ISO 3166-1 alpha-2 plus ``XK``; the
IIN ranges follow the card schemes' published ranges as collected in ISO/IEC
7812 registries and the schemes' own documentation).
"""

from __future__ import annotations

__all__ = ["CARD_IIN", "COUNTRY_CODES", "IBAN_BBAN", "PROVINCES"]

_L16_19 = (16, 17, 18, 19)

#: Payment-card issuer ranges: ``(scheme, first prefix, last prefix, allowed lengths)``.
#: A number is a card number when its leading digits fall in a range (both ends
#: inclusive, compared on as many digits as the prefixes have) and its length is
#: one the range allows (and its Luhn check digit is right). UATP (prefix 1) is
#: left out on purpose: it is an airline card, and its 15-digit numbers collide with
#: legacy resident IDs, phone numbers and timestamps.
CARD_IIN: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("Visa", "4", "4", (13, 16, 19)),
    ("Mastercard", "51", "55", (16,)),
    ("Mastercard", "2221", "2720", (16,)),
    ("American Express", "34", "34", (15,)),
    ("American Express", "37", "37", (15,)),
    ("UnionPay", "62", "62", _L16_19),
    ("UnionPay", "81", "81", _L16_19),
    ("JCB", "3528", "3589", _L16_19),
    ("Discover", "6011", "6011", _L16_19),
    ("Discover", "644", "649", _L16_19),
    ("Discover", "65", "65", _L16_19),
    ("Diners Club", "36", "36", (14, *_L16_19)),
    ("Diners Club", "300", "305", (14, *_L16_19)),
    ("Diners Club", "3095", "3095", (14, *_L16_19)),
    ("Diners Club", "38", "39", (14, *_L16_19)),
    ("Maestro", "5018", "5018", (13, 14, 15, *_L16_19)),
    ("Maestro", "5020", "5020", (13, 14, 15, *_L16_19)),
    ("Maestro", "5038", "5038", (13, 14, 15, *_L16_19)),
    ("Maestro", "5893", "5893", (13, 14, 15, *_L16_19)),
    ("Maestro", "6304", "6304", (13, 14, 15, *_L16_19)),
    ("Maestro", "6759", "6759", (13, 14, 15, *_L16_19)),
    ("Maestro", "6761", "6763", (13, 14, 15, *_L16_19)),
    ("Mir", "2200", "2204", _L16_19),
    ("BORICA", "2205", "2205", (16,)),
    ("RuPay", "60", "60", _L16_19),
    ("RuPay", "353", "353", (16,)),
    ("RuPay", "356", "356", (16,)),
    ("RuPay", "508", "508", (16,)),
    ("RuPay", "82", "82", (16,)),
    ("Dankort", "5019", "5019", (16,)),
    ("Elo", "504175", "504175", (16,)),
    ("Elo", "506699", "506778", (16,)),
    ("Elo", "509000", "509999", (16,)),
    ("Elo", "627780", "627780", (16,)),
    ("Verve", "506099", "506198", (16, 18, 19)),
    ("Verve", "507865", "507964", (16, 18, 19)),
    ("InterPayment", "636", "636", _L16_19),
    ("InstaPayment", "637", "639", (16,)),
    ("Troy", "9792", "9792", (16,)),
    ("UzCard", "8600", "8600", (16,)),
    ("Humo", "9860", "9860", (16,)),
    ("NAPAS", "9704", "9704", (16, 19)),
    ("LankaPay", "357111", "357111", (16,)),
    ("GPN", "1946", "1946", (16, 18, 19)),
    # domestic bank cards issued in China before UnionPay's 62 range (still in circulation)
    ("China domestic", "9558", "9558", _L16_19),
    ("China domestic", "95595", "95599", _L16_19),
    ("China domestic", "90030", "90030", _L16_19),
    ("China domestic", "90592", "90592", _L16_19),
    ("China domestic", "690755", "690755", _L16_19),
)

#: GB/T 2260 province-level codes (first two digits of a resident ID) → (English, Chinese).
#: 71 is Taiwan's code in GB/T 2260; 81/82 Hong Kong/Macao; 83 is used in the ID numbers
#: of residence permits for Taiwan residents.
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("Beijing", "北京市"), "12": ("Tianjin", "天津市"), "13": ("Hebei", "河北省"),
    "14": ("Shanxi", "山西省"), "15": ("Inner Mongolia", "内蒙古自治区"),
    "21": ("Liaoning", "辽宁省"), "22": ("Jilin", "吉林省"), "23": ("Heilongjiang", "黑龙江省"),
    "31": ("Shanghai", "上海市"), "32": ("Jiangsu", "江苏省"), "33": ("Zhejiang", "浙江省"),
    "34": ("Anhui", "安徽省"), "35": ("Fujian", "福建省"), "36": ("Jiangxi", "江西省"),
    "37": ("Shandong", "山东省"), "41": ("Henan", "河南省"), "42": ("Hubei", "湖北省"),
    "43": ("Hunan", "湖南省"), "44": ("Guangdong", "广东省"),
    "45": ("Guangxi", "广西壮族自治区"), "46": ("Hainan", "海南省"),
    "50": ("Chongqing", "重庆市"), "51": ("Sichuan", "四川省"), "52": ("Guizhou", "贵州省"),
    "53": ("Yunnan", "云南省"), "54": ("Tibet", "西藏自治区"), "61": ("Shaanxi", "陕西省"),
    "62": ("Gansu", "甘肃省"), "63": ("Qinghai", "青海省"), "64": ("Ningxia", "宁夏回族自治区"),
    "65": ("Xinjiang", "新疆维吾尔自治区"), "71": ("Taiwan", "台湾省"),
    "81": ("Hong Kong", "香港特别行政区"), "82": ("Macao", "澳门特别行政区"),
    "83": ("Taiwan (residence permit)", "台湾居民居住证"),
}

#: IBAN country code → BBAN structure in registry notation (``n`` digits, ``a`` upper-case
#: letters, ``c`` alphanumeric; ``8!n`` = exactly eight digits).
IBAN_BBAN: dict[str, str] = {
    "AD": "4!n4!n12!c", "AE": "3!n16!n", "AL": "8!n16!c", "AT": "5!n11!n", "AZ": "4!a20!c",
    "BA": "3!n3!n8!n2!n", "BE": "3!n7!n2!n", "BG": "4!a4!n2!n8!c", "BH": "4!a14!c",
    "BI": "5!n5!n11!n2!n", "BR": "8!n5!n10!n1!a1!c", "BY": "4!c4!n16!c", "CH": "5!n12!c",
    "CR": "4!n14!n", "CY": "3!n5!n16!c", "CZ": "4!n16!n", "DE": "8!n10!n",
    "DJ": "5!n5!n11!n2!n", "DK": "4!n9!n1!n", "DO": "4!c20!n", "EE": "2!n14!n",
    "EG": "4!n4!n17!n", "ES": "4!n4!n1!n1!n10!n", "FI": "3!n11!n", "FK": "2!a12!n",
    "FO": "4!n9!n1!n", "FR": "5!n5!n11!c2!n", "GB": "4!a6!n8!n", "GE": "2!a16!n",
    "GI": "4!a15!c", "GL": "4!n9!n1!n", "GR": "3!n4!n16!c", "GT": "4!c20!c", "HN": "4!a20!n",
    "HR": "7!n10!n", "HU": "3!n4!n1!n15!n1!n", "IE": "4!a6!n8!n", "IL": "3!n3!n13!n",
    "IQ": "4!a3!n12!n", "IS": "4!n2!n6!n10!n", "IT": "1!a5!n5!n12!c", "JO": "4!a4!n18!c",
    "KW": "4!a22!c", "KZ": "3!n13!c", "LB": "4!n20!c", "LC": "4!a24!c", "LI": "5!n12!c",
    "LT": "5!n11!n", "LU": "3!n13!c", "LV": "4!a13!c", "LY": "3!n3!n15!n",
    "MC": "5!n5!n11!c2!n", "MD": "2!c18!c", "ME": "3!n13!n2!n", "MK": "3!n10!c2!n",
    "MN": "4!n12!n", "MR": "5!n5!n11!n2!n", "MT": "4!a5!n18!c", "MU": "4!a2!n2!n12!n3!n3!a",
    "NI": "4!a20!n", "NL": "4!a10!n", "NO": "4!n6!n1!n", "OM": "3!n16!c", "PK": "4!a16!c",
    "PL": "8!n16!n", "PS": "4!a21!c", "PT": "4!n4!n11!n2!n", "QA": "4!a21!c", "RO": "4!a16!c",
    "RS": "3!n13!n2!n", "RU": "9!n5!n15!c", "SA": "2!n18!c", "SC": "4!a2!n2!n16!n3!a",
    "SD": "2!n12!n", "SE": "3!n16!n1!n", "SI": "5!n8!n2!n", "SK": "4!n6!n10!n",
    "SM": "1!a5!n5!n12!c", "SO": "4!n3!n12!n", "ST": "4!n4!n11!n2!n", "SV": "4!a20!n",
    "TL": "3!n14!n2!n", "TN": "2!n3!n13!n2!n", "TR": "5!n1!n16!c", "UA": "6!n19!c",
    "VA": "3!n15!n", "VG": "4!a16!n", "XK": "4!n10!n2!n", "YE": "4!a4!n18!c",
}

#: ISO 3166-1 alpha-2 country codes accepted in a BIC (plus ``XK`` Kosovo).
_COUNTRY_TEXT = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS XK YE YT ZA ZM ZW"
)
COUNTRY_CODES: frozenset[str] = frozenset(_COUNTRY_TEXT.split())
