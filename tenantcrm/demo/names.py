"""Word lists and makers of plausible names: buildings, companies, people, addresses.

Everything here is invented from parts (no real company is named) and drawn from the
``random.Random`` passed in, so one seed always gives the same portfolio.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

from tenantcrm.tenants.enums import Industry


class Script(StrEnum):
    """How a tenant writes its name."""

    SIMPLIFIED = "simplified"  # 上海星河数据科技有限公司
    TRADITIONAL = "traditional"  # 香港恒達律師事務所
    LATIN_LOCAL = "latin_local"  # Xinghe Data, legal name in Chinese
    LATIN_GLOBAL = "latin_global"  # Northbridge Capital, an international firm


@dataclass(frozen=True, slots=True)
class City:
    name: str
    chinese: str  # as written locally (Traditional in Hong Kong)
    time_zone: str
    currency: str
    dial: str  # landline prefix after the country code
    web_suffix: str
    traditional: bool
    rent_per_m2: tuple[int, int]  # monthly face rent band, currency units per m²
    districts: tuple[str, ...]
    streets: tuple[str, ...]
    owners: tuple[str, ...]


_SQFT_PER_M2 = 10.7639

CITIES: dict[str, City] = {
    "Shanghai": City(
        name="Shanghai",
        chinese="上海",
        time_zone="Asia/Shanghai",
        currency="CNY",
        dial="+86 21",
        web_suffix=".com.cn",
        traditional=False,
        rent_per_m2=(180, 450),
        districts=("Lujiazui", "Jing'an", "Huangpu", "Xuhui", "Changning", "Hongqiao", "Qiantan"),
        streets=(
            "Century Avenue",
            "Yincheng Middle Road",
            "Nanjing West Road",
            "Huaihai Middle Road",
            "Hongqiao Road",
            "Yan'an West Road",
            "Zhaojiabang Road",
            "Dongfang Road",
        ),
        owners=(
            "Pudong Horizon Properties Co., Ltd.",
            "Huangpu Riverside Asset Holdings",
            "Jinling Commercial REIT",
            "Shanghai Meridian Land Co., Ltd.",
        ),
    ),
    "Beijing": City(
        name="Beijing",
        chinese="北京",
        time_zone="Asia/Shanghai",
        currency="CNY",
        dial="+86 10",
        web_suffix=".com.cn",
        traditional=False,
        rent_per_m2=(170, 420),
        districts=("Chaoyang", "Dongcheng", "Xicheng", "Haidian", "Fengtai", "Wangjing"),
        streets=(
            "Jianguomen Outer Street",
            "East Third Ring Road",
            "Financial Street",
            "Zhongguancun Street",
            "Chaoyangmen North Street",
            "Guanghua Road",
        ),
        owners=(
            "Capital Ring Real Estate Fund",
            "Jinghua Asset Holdings Co., Ltd.",
            "Northern Crown Properties",
        ),
    ),
    "Shenzhen": City(
        name="Shenzhen",
        chinese="深圳",
        time_zone="Asia/Shanghai",
        currency="CNY",
        dial="+86 755",
        web_suffix=".com.cn",
        traditional=False,
        rent_per_m2=(150, 330),
        districts=("Futian", "Nanshan", "Luohu", "Qianhai", "Bao'an"),
        streets=(
            "Shennan Avenue",
            "Yitian Road",
            "Keyuan South Road",
            "Houhai Avenue",
            "Fuhua Third Road",
        ),
        owners=(
            "Shenzhen Bay Investment Co., Ltd.",
            "Pearl Delta Office Trust",
            "Nanshan Harbour Developments",
        ),
    ),
    "Hong Kong": City(
        name="Hong Kong",
        chinese="香港",
        time_zone="Asia/Hong_Kong",
        currency="HKD",
        dial="+852",
        web_suffix=".com.hk",
        traditional=True,
        # HKD 60-150 per ft² a month, the way Hong Kong quotes it, expressed per m².
        rent_per_m2=(round(60 * _SQFT_PER_M2), round(150 * _SQFT_PER_M2)),
        districts=("Central", "Admiralty", "Wan Chai", "Causeway Bay", "Quarry Bay", "Kowloon"),
        streets=(
            "Queen's Road Central",
            "Des Voeux Road Central",
            "Connaught Road Central",
            "Harbour Road",
            "Gloucester Road",
            "King's Road",
            "Canton Road",
        ),
        owners=(
            "Victoria Harbour Land Limited",
            "Golden Harbour REIT",
            "Lion Rock Properties Limited",
        ),
    ),
}

_BUILDING_WORDS = (
    "Tower",
    "Centre",
    "Plaza",
    "Place",
    "International Centre",
    "Financial Centre",
    "Square",
    "House",
)
_BUILDING_BRANDS = (
    "Century",
    "Harbour",
    "Horizon",
    "Meridian",
    "Pacific",
    "Jade",
    "Pearl",
    "Summit",
    "Crown",
    "Landmark",
    "Garden",
    "Infinity",
    "Azure",
    "Golden Gate",
    "Riverside",
    "Oriental",
)


# (Simplified, Traditional, pinyin, Hong Kong romanisation) of syllables used in firm names.
_SYLLABLES: tuple[tuple[str, str, str, str], ...] = (
    ("星", "星", "xing", "sing"),
    ("河", "河", "he", "ho"),
    ("恒", "恒", "heng", "hang"),
    ("达", "達", "da", "tat"),
    ("华", "華", "hua", "wah"),
    ("信", "信", "xin", "shun"),
    ("泰", "泰", "tai", "tai"),
    ("安", "安", "an", "on"),
    ("盛", "盛", "sheng", "shing"),
    ("源", "源", "yuan", "yuen"),
    ("鑫", "鑫", "xin", "yam"),
    ("瑞", "瑞", "rui", "shui"),
    ("宏", "宏", "hong", "wang"),
    ("远", "遠", "yuan", "yuen"),
    ("嘉", "嘉", "jia", "ka"),
    ("德", "德", "de", "tak"),
    ("合", "合", "he", "hop"),
    ("融", "融", "rong", "yung"),
    ("汇", "匯", "hui", "wui"),
    ("鼎", "鼎", "ding", "ting"),
    ("丰", "豐", "feng", "fung"),
    ("新", "新", "xin", "san"),
    ("创", "創", "chuang", "chong"),
    ("博", "博", "bo", "pok"),
    ("卓", "卓", "zhuo", "cheuk"),
    ("联", "聯", "lian", "luen"),
    ("正", "正", "zheng", "ching"),
    ("通", "通", "tong", "tung"),
    ("海", "海", "hai", "hoi"),
    ("天", "天", "tian", "tin"),
    ("云", "雲", "yun", "wan"),
    ("智", "智", "zhi", "chi"),
    ("睿", "睿", "rui", "yui"),
    ("明", "明", "ming", "ming"),
    ("启", "啟", "qi", "kai"),
    ("元", "元", "yuan", "yuen"),
    ("宇", "宇", "yu", "yu"),
    ("金", "金", "jin", "kam"),
    ("康", "康", "kang", "hong"),
    ("美", "美", "mei", "mei"),
    ("景", "景", "jing", "king"),
    ("悦", "悅", "yue", "yuet"),
    ("诚", "誠", "cheng", "shing"),
    ("亿", "億", "yi", "yik"),
    ("万", "萬", "wan", "man"),
    ("兴", "興", "xing", "hing"),
    ("隆", "隆", "long", "lung"),
    ("昌", "昌", "chang", "cheong"),
    ("鸿", "鴻", "hong", "hung"),
    ("祥", "祥", "xiang", "cheung"),
    ("永", "永", "yong", "wing"),
    ("誉", "譽", "yu", "yu"),
    ("腾", "騰", "teng", "tang"),
    ("飞", "飛", "fei", "fei"),
    ("龙", "龍", "long", "lung"),
    ("凯", "凱", "kai", "hoi"),
    ("晟", "晟", "sheng", "shing"),
    ("泽", "澤", "ze", "chak"),
    ("辰", "辰", "chen", "san"),
    ("峰", "峰", "feng", "fung"),
    ("汉", "漢", "han", "hon"),
    ("东", "東", "dong", "tung"),
    ("方", "方", "fang", "fong"),
    ("光", "光", "guang", "kwong"),
    ("乐", "樂", "le", "lok"),
    ("致", "致", "zhi", "chi"),
    ("蓝", "藍", "lan", "lam"),
    ("朗", "朗", "lang", "long"),
    ("弘", "弘", "hong", "wang"),
    ("佳", "佳", "jia", "kai"),
    ("锦", "錦", "jin", "kam"),
    ("辉", "輝", "hui", "fai"),
    ("荣", "榮", "rong", "wing"),
    ("富", "富", "fu", "fu"),
    ("利", "利", "li", "lee"),
    ("长", "長", "chang", "cheung"),
    ("青", "青", "qing", "ching"),
    ("松", "松", "song", "chung"),
    ("桥", "橋", "qiao", "kiu"),
    ("帆", "帆", "fan", "fan"),
    ("翔", "翔", "xiang", "cheung"),
    ("越", "越", "yue", "yuet"),
    ("晨", "晨", "chen", "san"),
)

_LATIN_HEADS = (
    "North",
    "South",
    "East",
    "West",
    "Silver",
    "Golden",
    "Blue",
    "Red",
    "Green",
    "Grand",
    "High",
    "Bright",
    "Clear",
    "Stone",
    "Oak",
    "Pine",
    "Maple",
    "Cedar",
    "River",
    "Harbour",
    "Bay",
    "Peak",
    "Summit",
    "Crown",
    "Star",
    "Sun",
    "Sky",
    "Iron",
    "Crystal",
    "Jade",
    "Pearl",
    "Lion",
    "Phoenix",
    "Falcon",
    "Kestrel",
    "Fair",
    "Wide",
    "Amber",
    "Copper",
    "Ever",
)
_LATIN_TAILS = (
    "bridge",
    "gate",
    "field",
    "stone",
    "wood",
    "water",
    "view",
    "point",
    "way",
    "line",
    "crest",
    "ridge",
    "port",
    "haven",
    "light",
    "wave",
    "brook",
    "ford",
    "hill",
    "rock",
    "mark",
    "path",
    "side",
    "vale",
    "wick",
    "spring",
    "dale",
    "mount",
    "green",
    "shore",
)


@dataclass(frozen=True, slots=True)
class Trade:
    """How a firm of one industry describes itself, and the legal form it usually takes."""

    simplified: str
    traditional: str
    latin: str
    form: str  # "ltd": 有限公司 / Limited; "firm": the trade word is the legal form

    @property
    def slug(self) -> str:
        """A short web-domain word for the trade: "Pharmaceuticals" -> "pharma"."""
        word = _slug(self.latin.split()[0])
        return _SHORT_SLUGS.get(word, word)


_SHORT_SLUGS = {
    "pharmaceuticals": "pharma",
    "technologies": "tech",
    "advertising": "ads",
    "international": "intl",
    "manufacturing": "mfg",
    "engineering": "eng",
    "education": "edu",
    "accountants": "cpa",
    "association": "assoc",
    "healthcare": "health",
    "properties": "land",
    "commercial": "bank",
    "consulting": "consult",
}

_T = Trade
# Government offices are named by _government_office instead.
_TRADES: dict[Industry, tuple[Trade, ...]] = {
    Industry.BANKING: (
        _T("银行", "銀行", "Bank", "ltd"),
        _T("商业银行", "商業銀行", "Commercial Bank", "ltd"),
        _T("私人银行", "私人銀行", "Private Bank", "ltd"),
    ),
    Industry.INSURANCE: (
        _T("人寿保险", "人壽保險", "Life Assurance", "ltd"),
        _T("财产保险", "財產保險", "General Insurance", "ltd"),
        _T("保险经纪", "保險經紀", "Insurance Brokers", "ltd"),
    ),
    Industry.ASSET_MANAGEMENT: (
        _T("资产管理", "資產管理", "Asset Management", "ltd"),
        _T("投资管理", "投資管理", "Capital", "ltd"),
        _T("私募基金管理", "私募基金管理", "Partners", "ltd"),
        _T("财富管理", "財富管理", "Wealth Management", "ltd"),
    ),
    Industry.LEGAL: (
        _T("律师事务所", "律師事務所", "Solicitors", "firm"),
        _T("律师事务所", "律師事務所", "Law", "firm"),
        _T("知识产权代理", "知識產權代理", "IP Attorneys", "ltd"),
    ),
    Industry.ACCOUNTING: (
        _T("会计师事务所", "會計師事務所", "CPA", "firm"),
        _T("税务师事务所", "稅務師事務所", "Tax Advisers", "firm"),
        _T("财务咨询", "財務諮詢", "Accountants", "ltd"),
    ),
    Industry.CONSULTING: (
        _T("管理咨询", "管理諮詢", "Consulting", "ltd"),
        _T("企业顾问", "企業顧問", "Advisory", "ltd"),
        _T("人力资源", "人力資源", "Talent Partners", "ltd"),
    ),
    Industry.TECHNOLOGY: (
        _T("数据科技", "數據科技", "Data", "ltd"),
        _T("信息技术", "資訊科技", "Technologies", "ltd"),
        _T("软件", "軟件", "Software", "ltd"),
        _T("网络科技", "網絡科技", "Digital", "ltd"),
        _T("智能科技", "智能科技", "AI Labs", "ltd"),
        _T("云计算", "雲計算", "Cloud", "ltd"),
    ),
    Industry.TELECOM: (
        _T("通信技术", "通訊技術", "Telecom", "ltd"),
        _T("网络通信", "網絡通訊", "Networks", "ltd"),
    ),
    Industry.MEDIA: (
        _T("文化传媒", "文化傳媒", "Media", "ltd"),
        _T("广告", "廣告", "Advertising", "ltd"),
        _T("影视制作", "影視製作", "Studios", "ltd"),
    ),
    Industry.PHARMA: (
        _T("医药", "醫藥", "Pharmaceuticals", "ltd"),
        _T("生物科技", "生物科技", "Biotech", "ltd"),
    ),
    Industry.HEALTHCARE: (
        _T("医疗管理", "醫療管理", "Healthcare", "ltd"),
        _T("医疗器械", "醫療器械", "Medical Devices", "ltd"),
        _T("健康管理", "健康管理", "Health", "ltd"),
    ),
    Industry.MANUFACTURING: (
        _T("精密制造", "精密製造", "Manufacturing", "ltd"),
        _T("工业", "工業", "Industries", "ltd"),
        _T("机电", "機電", "Engineering", "ltd"),
    ),
    Industry.ENERGY: (
        _T("能源", "能源", "Energy", "ltd"),
        _T("新能源", "新能源", "New Energy", "ltd"),
        _T("电力", "電力", "Power", "ltd"),
    ),
    Industry.TRADING: (
        _T("贸易", "貿易", "Trading", "ltd"),
        _T("进出口", "進出口", "Import & Export", "ltd"),
        _T("国际贸易", "國際貿易", "International Trading", "ltd"),
    ),
    Industry.LOGISTICS: (
        _T("物流", "物流", "Logistics", "ltd"),
        _T("供应链管理", "供應鏈管理", "Supply Chain", "ltd"),
        _T("航运", "航運", "Shipping", "ltd"),
    ),
    Industry.CONSUMER: (
        _T("消费品", "消費品", "Consumer Brands", "ltd"),
        _T("食品", "食品", "Foods", "ltd"),
        _T("服饰", "服飾", "Fashion", "ltd"),
        _T("化妆品", "化妝品", "Beauty", "ltd"),
    ),
    Industry.REAL_ESTATE: (
        _T("置业", "置業", "Properties", "ltd"),
        _T("房地产经纪", "地產代理", "Realty", "ltd"),
        _T("物业管理", "物業管理", "Property Services", "ltd"),
    ),
    Industry.EDUCATION: (
        _T("教育科技", "教育科技", "Education", "ltd"),
        _T("培训", "培訓", "Learning", "ltd"),
    ),
    Industry.NONPROFIT: (
        _T("公益基金会", "慈善基金會", "Foundation", "firm"),
        _T("商会", "商會", "Chamber of Commerce", "firm"),
        _T("行业协会", "行業協會", "Association", "firm"),
    ),
    Industry.OTHER: (
        _T("商务服务", "商務服務", "Business Services", "ltd"),
        _T("企业服务", "企業服務", "Services", "ltd"),
        _T("设计", "設計", "Design", "ltd"),
    ),
}

_COUNTRIES = (
    "Norway",
    "Chile",
    "New Zealand",
    "Portugal",
    "Finland",
    "Uruguay",
    "Denmark",
    "Ireland",
    "Kenya",
    "Estonia",
    "Peru",
    "Iceland",
    "Morocco",
    "Slovenia",
    "Malta",
    "Costa Rica",
    "Latvia",
    "Namibia",
    "Panama",
    "Luxembourg",
    "Mongolia",
    "Ghana",
    "Croatia",
    "Paraguay",
)
_INTERNATIONAL_BODIES = (
    "Asia-Pacific Trade Facilitation Council",
    "International Green Finance Forum",
    "Pacific Rim Ports Association",
    "Global Water Partnership for Asia",
    "International Standards Cooperation Office",
    "Asian Development Research Network",
)


# (Simplified, Traditional, English) of provinces and cities that keep offices elsewhere.
_REGIONS: tuple[tuple[str, str, str], ...] = (
    ("四川省", "四川省", "Sichuan"),
    ("浙江省", "浙江省", "Zhejiang"),
    ("广东省", "廣東省", "Guangdong"),
    ("福建省", "福建省", "Fujian"),
    ("湖南省", "湖南省", "Hunan"),
    ("湖北省", "湖北省", "Hubei"),
    ("江苏省", "江蘇省", "Jiangsu"),
    ("山东省", "山東省", "Shandong"),
    ("云南省", "雲南省", "Yunnan"),
    ("河南省", "河南省", "Henan"),
    ("安徽省", "安徽省", "Anhui"),
    ("江西省", "江西省", "Jiangxi"),
    ("陕西省", "陝西省", "Shaanxi"),
    ("贵州省", "貴州省", "Guizhou"),
    ("海南省", "海南省", "Hainan"),
    ("辽宁省", "遼寧省", "Liaoning"),
    ("重庆市", "重慶市", "Chongqing"),
    ("天津市", "天津市", "Tianjin"),
    ("杭州市", "杭州市", "Hangzhou"),
    ("成都市", "成都市", "Chengdu"),
    ("武汉市", "武漢市", "Wuhan"),
    ("南京市", "南京市", "Nanjing"),
    ("苏州市", "蘇州市", "Suzhou"),
    ("厦门市", "廈門市", "Xiamen"),
    ("青岛市", "青島市", "Qingdao"),
    ("西安市", "西安市", "Xi'an"),
    ("长沙市", "長沙市", "Changsha"),
    ("宁波市", "寧波市", "Ningbo"),
    ("合肥市", "合肥市", "Hefei"),
    ("昆明市", "昆明市", "Kunming"),
    ("大连市", "大連市", "Dalian"),
    ("郑州市", "鄭州市", "Zhengzhou"),
    ("济南市", "濟南市", "Jinan"),
    ("福州市", "福州市", "Fuzhou"),
    ("珠海市", "珠海市", "Zhuhai"),
    ("佛山市", "佛山市", "Foshan"),
)
# {r}/{c}: region and host city in Chinese; {R}/{C} in English.
_AGENCIES: tuple[tuple[str, str, str], ...] = (
    ("{r}人民政府驻{c}办事处", "{r}人民政府駐{c}辦事處", "{R} Government Office in {C}"),
    ("{r}投资促进中心驻{c}代表处", "{r}投資促進中心駐{c}代表處", "{R} Investment Promotion, {C}"),
    ("{r}贸易促进会驻{c}联络处", "{r}貿易促進會駐{c}聯絡處", "{R} Trade Promotion Office, {C}"),
    ("{r}文化旅游推广中心驻{c}办事处", "{r}文化旅遊推廣中心駐{c}辦事處", "{R} Tourism Office, {C}"),
)


@dataclass(frozen=True, slots=True)
class FirmName:
    name: str
    legal_name: str
    domain: str  # e-mail and web domain, without "www."
    script: Script


def _brand(rng: random.Random) -> tuple[tuple[str, str, str, str], tuple[str, str, str, str]]:
    first, second = rng.sample(_SYLLABLES, 2)
    return first, second


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def firm_name(
    rng: random.Random,
    industry: Industry,
    city: City,
    script: Script,
) -> FirmName:
    """A made-up firm of ``industry`` in ``city``, written in ``script``."""
    if industry is Industry.GOVERNMENT:
        return _government_office(rng, city, script)
    trade = rng.choice(_TRADES[industry])
    first, second = _brand(rng)
    while first[0] in trade.simplified or second[0] in trade.simplified:
        first, second = _brand(rng)  # no 云乐云计算: the brand must not echo the trade
    if script is Script.LATIN_GLOBAL:
        brand = rng.choice(_LATIN_HEADS) + rng.choice(_LATIN_TAILS)
        name = f"{brand} {trade.latin}"
        if trade.form == "firm":
            legal = f"{name} ({city.name} Office)"
        elif city.traditional:
            legal = f"{name} (Hong Kong) Limited"
        else:
            legal = f"{name} ({city.name}) Co., Ltd."
        return FirmName(name, legal, f"{_slug(brand)}.com", script)

    suffix_simplified = "" if trade.form == "firm" else "有限公司"
    suffix_traditional = "" if trade.form == "firm" else "有限公司"
    if city.traditional:
        local = f"{first[1]}{second[1]}{trade.traditional}{suffix_traditional}"
        romanised = f"{first[3].title()} {second[3].title()}"
        domain = f"{first[3]}{second[3]}{trade.slug}{city.web_suffix}"
        if script is Script.TRADITIONAL:
            name = f"{city.chinese}{local}" if rng.random() < 0.4 else local
            return FirmName(name, local, domain, script)
        english = f"{romanised} {trade.latin}"
        legal = english if trade.form == "firm" else f"{english} Limited"
        return FirmName(english, f"{legal} {local}", domain, Script.LATIN_LOCAL)

    legal = f"{city.chinese}{first[0]}{second[0]}{trade.simplified}{suffix_simplified}"
    domain = f"{first[2]}{second[2]}{trade.slug}{city.web_suffix}"
    if script is Script.SIMPLIFIED:
        short = f"{first[0]}{second[0]}{trade.simplified}"
        name = legal if rng.random() < 0.6 or trade.form == "firm" else short
        return FirmName(name, legal, domain, script)
    english = f"{first[2].title()}{second[2]} {trade.latin}"
    return FirmName(english, legal, domain, Script.LATIN_LOCAL)


def _government_office(rng: random.Random, city: City, script: Script) -> FirmName:
    if script is Script.LATIN_GLOBAL:
        country = rng.choice(_COUNTRIES)
        name = f"{rng.choice(('Trade Commission', 'Investment Office'))} of {country}"
        return FirmName(name, f"{name} in {city.name}", f"{_slug(country)}-trade.org", script)
    region = rng.choice(_REGIONS)
    simplified, traditional, english = rng.choice(_AGENCIES)
    host = city.chinese
    chinese = (traditional if city.traditional else simplified).format(
        r=region[1] if city.traditional else region[0], c=host
    )
    domain = f"{_slug(region[2])}-office{city.web_suffix}"
    if script is Script.LATIN_LOCAL:
        latin = english.format(R=region[2], C=city.name)
        return FirmName(latin, chinese, domain, script)
    return FirmName(chinese, chinese, domain, script)


def anchor_name(rng: random.Random, category: str, city: City) -> FirmName | None:
    """Names only some anchor categories need (missions, international bodies); else None."""
    if category == "diplomatic_mission":
        country = rng.choice(_COUNTRIES)
        kind = rng.choice(("Consulate General of", "Trade Commission of", "Tourism Office of"))
        name = f"{kind} {country}"
        return FirmName(
            name, f"{name} in {city.name}", f"{_slug(country)}-mission.org", Script.LATIN_GLOBAL
        )
    if category == "international_organisation":
        body = rng.choice(_INTERNATIONAL_BODIES)
        return FirmName(
            body,
            f"{body} — {city.name} Representative Office",
            f"{''.join(w[0] for w in body.split() if w[0].isalpha()).lower()}.org",
            Script.LATIN_GLOBAL,
        )
    return None


# --- people ---------------------------------------------------------------------------------

# (Simplified, Traditional, pinyin, Hong Kong romanisation)
_SURNAMES: tuple[tuple[str, str, str, str], ...] = (
    ("王", "王", "Wang", "Wong"),
    ("李", "李", "Li", "Lee"),
    ("张", "張", "Zhang", "Cheung"),
    ("刘", "劉", "Liu", "Lau"),
    ("陈", "陳", "Chen", "Chan"),
    ("杨", "楊", "Yang", "Yeung"),
    ("黄", "黃", "Huang", "Wong"),
    ("赵", "趙", "Zhao", "Chiu"),
    ("吴", "吳", "Wu", "Ng"),
    ("周", "周", "Zhou", "Chow"),
    ("徐", "徐", "Xu", "Tsui"),
    ("孙", "孫", "Sun", "Suen"),
    ("马", "馬", "Ma", "Ma"),
    ("朱", "朱", "Zhu", "Chu"),
    ("胡", "胡", "Hu", "Wu"),
    ("郭", "郭", "Guo", "Kwok"),
    ("何", "何", "He", "Ho"),
    ("林", "林", "Lin", "Lam"),
    ("罗", "羅", "Luo", "Law"),
    ("郑", "鄭", "Zheng", "Cheng"),
    ("梁", "梁", "Liang", "Leung"),
    ("谢", "謝", "Xie", "Tse"),
    ("唐", "唐", "Tang", "Tong"),
    ("许", "許", "Xu", "Hui"),
    ("冯", "馮", "Feng", "Fung"),
    ("曾", "曾", "Zeng", "Tsang"),
    ("彭", "彭", "Peng", "Pang"),
    ("萧", "蕭", "Xiao", "Siu"),
    ("蔡", "蔡", "Cai", "Choi"),
    ("邓", "鄧", "Deng", "Tang"),
)
_GIVEN: tuple[tuple[str, str, str, str], ...] = (
    ("伟", "偉", "wei", "wai"),
    ("芳", "芳", "fang", "fong"),
    ("娜", "娜", "na", "na"),
    ("敏", "敏", "min", "man"),
    ("静", "靜", "jing", "ching"),
    ("丽", "麗", "li", "lai"),
    ("强", "強", "qiang", "keung"),
    ("磊", "磊", "lei", "lui"),
    ("军", "軍", "jun", "kwan"),
    ("洋", "洋", "yang", "yeung"),
    ("勇", "勇", "yong", "yung"),
    ("艳", "艷", "yan", "yim"),
    ("杰", "傑", "jie", "kit"),
    ("涛", "濤", "tao", "to"),
    ("明", "明", "ming", "ming"),
    ("超", "超", "chao", "chiu"),
    ("秀", "秀", "xiu", "sau"),
    ("霞", "霞", "xia", "ha"),
    ("文", "文", "wen", "man"),
    ("嘉", "嘉", "jia", "ka"),
    ("欣", "欣", "xin", "yan"),
    ("怡", "怡", "yi", "yi"),
    ("俊", "俊", "jun", "chun"),
    ("浩", "浩", "hao", "ho"),
    ("婷", "婷", "ting", "ting"),
    ("慧", "慧", "hui", "wai"),
    ("志", "志", "zhi", "chi"),
    ("宁", "寧", "ning", "ning"),
    ("晓", "曉", "xiao", "hiu"),
    ("雪", "雪", "xue", "suet"),
)
_WESTERN_FIRST = (
    "Anna",
    "Ben",
    "Claire",
    "Daniel",
    "Emma",
    "Felix",
    "Grace",
    "Henry",
    "Iris",
    "James",
    "Karen",
    "Leo",
    "Mandy",
    "Nathan",
    "Olivia",
    "Peter",
    "Rachel",
    "Sam",
    "Tiffany",
    "Vincent",
    "Wendy",
)
_WESTERN_LAST = (
    "Miller",
    "Schmidt",
    "Dubois",
    "Rossi",
    "Andersen",
    "Novak",
    "Tanaka",
    "Kim",
    "Murphy",
    "Silva",
    "Walker",
    "Fischer",
    "Hughes",
    "Moreau",
)

EXECUTIVE_ROLES = (
    ("总经理", "總經理", "General Manager"),
    ("首席执行官", "行政總裁", "Chief Executive Officer"),
    ("董事总经理", "董事總經理", "Managing Director"),
    ("财务总监", "財務總監", "Chief Financial Officer"),
    ("中国区总裁", "大中華區總裁", "Country Head"),
)
ADMIN_ROLES = (
    ("行政经理", "行政經理", "Office Manager"),
    ("行政主管", "行政主管", "Head of Administration"),
    ("行政人事经理", "行政人事經理", "Admin & HR Manager"),
)
OTHER_ROLES = (
    ("财务经理", "財務經理", "Finance Manager"),
    ("人力资源总监", "人力資源總監", "HR Director"),
    ("设施经理", "設施經理", "Facilities Manager"),
    ("采购经理", "採購經理", "Procurement Manager"),
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    email_local: str


def person(rng: random.Random, script: Script, traditional: bool) -> Person:
    """A contact person whose name suits the firm's script and city."""
    if script is Script.LATIN_GLOBAL and rng.random() < 0.5:
        first, last = rng.choice(_WESTERN_FIRST), rng.choice(_WESTERN_LAST)
        return Person(f"{first} {last}", f"{first}.{last}".lower())
    surname = rng.choice(_SURNAMES)
    given = rng.sample(_GIVEN, rng.choice((1, 2, 2)))
    if traditional:
        if script is not Script.TRADITIONAL and rng.random() < 0.6:
            first = rng.choice(_WESTERN_FIRST)
            return Person(f"{first} {surname[3]}", f"{first}.{surname[3]}".lower())
        chinese = surname[1] + "".join(g[1] for g in given)
        roman = "".join(g[3] for g in given)
        return Person(chinese, f"{roman}.{surname[3]}".lower())
    chinese = surname[0] + "".join(g[0] for g in given)
    roman = "".join(g[2] for g in given)
    return Person(chinese, f"{roman}.{surname[2]}".lower())


def role(rng: random.Random, roles: tuple[tuple[str, str, str], ...], script: Script) -> str:
    simplified, traditional, english = rng.choice(roles)
    if script is Script.SIMPLIFIED:
        return simplified
    if script is Script.TRADITIONAL:
        return traditional
    return english


def phone(rng: random.Random, city: City) -> str:
    if city.traditional:
        lead = rng.choice("2396")
        return f"+852 {lead}{rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"
    if rng.random() < 0.5:
        mobile = f"1{rng.choice('3589')}{rng.randrange(10)}"
        return f"+86 {mobile} {rng.randrange(1000, 10000)} {rng.randrange(1000, 10000)}"
    return f"{city.dial} {rng.randrange(5000, 7000)} {rng.randrange(1000, 10000)}"


# --- buildings ------------------------------------------------------------------------------


def building_name(rng: random.Random, district: str) -> str:
    return f"{district} {rng.choice(_BUILDING_BRANDS)} {rng.choice(_BUILDING_WORDS)}"


def address(rng: random.Random, city: City, district: str | None = None) -> str:
    district = district or rng.choice(city.districts)
    street = rng.choice(city.streets)
    if city.traditional:
        return f"{rng.randrange(1, 300)} {street}, {district}, Hong Kong"
    return f"{rng.randrange(1, 2000)} {street}, {district}, {city.name}"


TAGS = (
    "regional-hq",
    "listed",
    "fintech",
    "esg",
    "expanding",
    "downsizing",
    "renewal-risk",
    "referral-source",
    "fit-out-planned",
    "24x7-operations",
    "client-facing",
    "startup",
    "family-office",
    "parking",
    "signage",
    "vip-service",
)

NOTES = (
    "Prefers WeChat for day-to-day matters; formal notices by letter.",
    "Board visits each quarter; book the sky lounge ahead.",
    "Asked about extra storage on a low floor.",
    "Fit-out contractor on site until end of month.",
    "Admin head changed recently; introduce the new property team.",
    "Interested in the building's business networking events.",
    "Sensitive to air-conditioning hours after 19:00.",
    "Has referred two firms in its supply chain.",
)
