"""Data types, their default JR/T 0171-2020 category and JR/T 0197-2020 level, and name cues.

The default profile follows the common mapping of JR/T 0197-2020 onto JR/T
0171-2020: level 4 for C3 (authentication data), level 3 for C2 (identity,
account, contact, transaction, credit and property data), level 2 for C1
(internal data), level 1 for public data; level 5 (important data) is never a
default — the policy names such columns. ``[data_protection]`` ``categories``
and ``levels`` override any entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

__all__ = [
    "AMOUNT_TYPES",
    "DATA_TYPES",
    "KIND_TO_TYPE",
    "Category",
    "DataType",
    "data_types",
    "name_type",
]

Category = Literal["C1", "C2", "C3"]


@dataclass(frozen=True)
class DataType:
    """A classified data type.

    Attributes
    ----------
    name : str
    category : {"C1", "C2", "C3"} or None
        JR/T 0171-2020 category (None: not personal financial information).
    level : int
        Default JR/T 0197-2020 level (1-5).
    group : str
        What kind of information it is (authentication, identity, account, contact,
        transaction, credit, property, internal, public, text, unknown).
    maskable : bool
        Whether a display rule exists (a display profile requires it masked).
    """

    name: str
    category: Category | None
    level: int
    group: str
    maskable: bool


_TYPES = (
    DataType("password", "C3", 4, "authentication", True),
    DataType("cvv", "C3", 4, "authentication", True),
    DataType("card_track", "C3", 4, "authentication", True),
    DataType("biometric", "C3", 4, "authentication", True),
    DataType("resident_id", "C2", 3, "identity", True),
    DataType("passport", "C2", 3, "identity", True),
    DataType("hk_macau_permit", "C2", 3, "identity", True),
    DataType("taiwan_permit", "C2", 3, "identity", True),
    DataType("person_name", "C2", 3, "identity", True),
    DataType("date_of_birth", "C2", 3, "identity", True),
    DataType("gender", "C2", 3, "identity", False),
    DataType("age", "C2", 3, "identity", False),
    DataType("uscc", "C2", 3, "identity", True),
    DataType("bank_card", "C2", 3, "account", True),
    DataType("account_number", "C2", 3, "account", True),
    DataType("mobile", "C2", 3, "contact", True),
    DataType("landline", "C2", 3, "contact", True),
    DataType("email", "C2", 3, "contact", True),
    DataType("address", "C2", 3, "contact", True),
    DataType("ip_address", "C2", 3, "contact", True),
    DataType("balance", "C2", 3, "property", False),
    DataType("income", "C2", 3, "property", False),
    DataType("transaction_amount", "C2", 3, "transaction", False),
    DataType("credit", "C2", 3, "credit", False),
    DataType("account_open_date", "C1", 2, "internal", False),
    DataType("bic", None, 1, "public", False),
    DataType("lei", None, 1, "public", False),
    DataType("free_text", "C2", 3, "text", False),
    DataType("damaged_identifier", "C2", 3, "identity", False),
    DataType("unknown", None, 2, "unknown", False),
)

#: Every data type, by name.
DATA_TYPES: Mapping[str, DataType] = MappingProxyType({t.name: t for t in _TYPES})

#: Identifier kind (validator) → data type.
KIND_TO_TYPE: Mapping[str, str] = MappingProxyType({
    "cn_resident_id": "resident_id", "cn_resident_id_15": "resident_id", "cn_uscc": "uscc",
    "bank_card": "bank_card", "cn_mobile": "mobile", "cn_landline": "landline",
    "email": "email", "ipv4": "ip_address", "ipv6": "ip_address", "cn_passport": "passport",
    "hk_macau_permit": "hk_macau_permit", "taiwan_permit": "taiwan_permit",
    "iban": "account_number", "bic": "bic", "lei": "lei", "date_of_birth": "date_of_birth",
})

#: Amount-like types: their columns never default to a personal identifier.
AMOUNT_TYPES = frozenset({"balance", "income", "transaction_amount", "credit", "age"})

# Name cues, in priority order (first match wins). English cues match whole words of
# the snake-cased column name; Chinese cues match anywhere.
_NAME_CUES: tuple[tuple[str, str, str], ...] = (
    ("password", r"password|passwd|pwd|pass_?word|pin(?:_?code)?|login_?pass",
     "密码|口令|交易密码|查询密码"),
    ("cvv", r"cvv2?|cvc2?|cvn2?|card_?verification|security_?code", "安全码|校验码|CVV"),
    ("card_track", r"track_?[123]?|track_?data|magstripe|chip_?data|icc_?data",
     "磁道|芯片数据"),
    ("biometric", r"fingerprint|face_?(?:image|feature|template)|iris|voiceprint|biometric",
     "指纹|人脸|虹膜|声纹|生物特征"),
    ("account_open_date", r"open(?:ed)?_?(?:date|time|at)|account_?open(?:ed)?_?(?:date|time)?",
     "开户时间|开户日期"),
    ("uscc", r"uscc|social_?credit_?code|credit_?code|unified_?code", "统一社会信用代码|信用代码"),
    ("balance", r"balance|bal|deposit|assets?|aum", "余额|存款|资产"),
    ("income", r"income|salary|wage|revenue", "收入|工资|薪"),
    ("transaction_amount", r"amount|amt|txn_?amt|trans(?:action)?_?amount|payment|price|fee",
     "金额|交易额|消费|价格|费用"),
    ("credit", r"credit_?(?:score|limit|rating|line)|fico|overdue|delinquen\w*|loan_?amount",
     "征信|信用评分|信用分|信用等级|授信|额度|逾期|贷款"),
    ("date_of_birth", r"dob|birth_?(?:date|day)?|date_?of_?birth|birthday|born",
     "出生|生日"),
    ("resident_id", r"id_?card(?:_?no|_?num(?:ber)?)?|id_?no|id_?num(?:ber)?|national_?id|"
     r"citizen_?id|resident_?id|sfz(?:h|hm)?|cert(?:ificate)?_?(?:no|num(?:ber)?)",
     "身份证|证件号|证件号码|公民身份"),
    ("passport", r"passport(?:_?no|_?num(?:ber)?)?", "护照"),
    ("hk_macau_permit", r"hk_?(?:macau|mo)?_?permit|home_?return_?permit", "港澳|回乡证"),
    ("taiwan_permit", r"(?:tw|taiwan)_?permit|mtp", "台湾|台胞证|赴台"),
    ("bank_card", r"card_?(?:no|num(?:ber)?|id)?|pan|bank_?card|debit_?card|credit_?card",
     "卡号|银行卡|借记卡|信用卡"),
    ("account_number", r"account(?:_?no|_?num(?:ber)?|_?id)?|acct(?:_?no|_?num)?|acc_?no|iban",
     "账号|帐号|账户|帐户"),
    ("mobile", r"mobile|cell(?:_?phone)?|phone(?:_?no|_?num(?:ber)?)?|msisdn|tel|telephone",
     "手机|电话|联系方式|联系电话"),
    ("email", r"e_?mail(?:_?address)?|mail", "邮箱|邮件|电子邮"),
    ("ip_address", r"ip|ip_?addr(?:ess)?|client_?ip|login_?ip|ipv[46]", "IP地址|登录IP"),
    ("bic", r"bic|swift(?:_?code)?", "SWIFT"),
    ("lei", r"lei", "法人识别编码"),
    ("address", r"addr(?:ess)?|street|residence|domicile", "地址|住址|居住地|户籍"),
    ("gender", r"gender|sex", "性别"),
    ("age", r"age", "年龄"),
    ("free_text", r"remarks?|memo|comments?|notes?|description|desc|summary|message|text",
     "备注|附言|摘要|说明|描述|留言"),
    ("person_name", r"(?:customer_?|client_?|holder_?|card_?holder_?|full_?|first_?|last_?|"
     r"given_?|family_?|user_?|account_?)?name|surname|cardholder",
     "姓名|户名|持卡人|客户名称|名字"),
)
_NOT_PERSON = re.compile(
    r"(?:bank|branch|product|merchant|company|org|organi[sz]ation|file|table|column|city|"
    r"province|country|item|brand|model|shop|store|host|domain|field|sheet|job|team)_?name"
)
_CUES = tuple(
    (t, re.compile(rf"(?<![a-z0-9])(?:{en})(?![a-z0-9])"), re.compile(zh, re.IGNORECASE))
    for t, en, zh in _NAME_CUES
)


def _snake(name: str) -> str:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^0-9a-z\u3400-\u9fff]+", "_", s.lower()).strip("_")


def name_type(column: str) -> str | None:
    """The data type a column's name suggests (English or Chinese), or None.

    Examples
    --------
    >>> name_type("身份证号"), name_type("cardNo"), name_type("交易密码"), name_type("company")
    ('resident_id', 'bank_card', 'password', None)
    >>> name_type("account_balance"), name_type("bank_name")
    ('balance', None)
    """
    snake = _snake(str(column))
    for t, en, zh in _CUES:
        if t == "person_name" and _NOT_PERSON.search(snake):
            continue
        if en.search(snake) or zh.search(str(column)):
            return t
    return None


def data_types() -> tuple[str, ...]:
    """Names of every data type."""
    return tuple(DATA_TYPES)
