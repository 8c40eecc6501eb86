# ruff: noqa: SIM905 — the pools are written as text, one entry a word
"""Name, place and organization pools for the synthetic population (generate.py).

Everything here is built from kanji components with their readings, so the pools are far
larger than a list of real names: surnames are a few hundred real common ones plus two- and
three-component compounds (prefix + suffix, with rendaku: 山 + 田 → やまだ, 中 + 川 →
なかがわ); given names are components by sex and era (older: 〜子, 〜男, 〜一郎; younger:
〜太, 〜菜 …). Each pool is a list of (kanji, hiragana reading) with Zipf-like weights:
the first entries are common, the tail is long.
"""

import zlib

# --- surnames ---------------------------------------------------------------------------------

# A few hundred real common surnames, roughly in order of frequency.
REAL_SURNAMES = """
佐藤:さとう 鈴木:すずき 高橋:たかはし 田中:たなか 伊藤:いとう 渡辺:わたなべ 山本:やまもと
中村:なかむら 小林:こばやし 加藤:かとう 吉田:よしだ 山田:やまだ 佐々木:ささき 山口:やまぐち
松本:まつもと 井上:いのうえ 木村:きむら 林:はやし 斎藤:さいとう 清水:しみず 山崎:やまざき
森:もり 池田:いけだ 橋本:はしもと 阿部:あべ 石川:いしかわ 山下:やました 中島:なかじま
石井:いしい 小川:おがわ 前田:まえだ 岡田:おかだ 長谷川:はせがわ 藤田:ふじた 後藤:ごとう
近藤:こんどう 村上:むらかみ 遠藤:えんどう 青木:あおき 坂本:さかもと 斉藤:さいとう 福田:ふくだ
太田:おおた 西村:にしむら 藤井:ふじい 金子:かねこ 岡本:おかもと 藤原:ふじわら 中野:なかの
三浦:みうら 原田:はらだ 中川:なかがわ 松田:まつだ 竹内:たけうち 小野:おの 田村:たむら
中山:なかやま 和田:わだ 石田:いしだ 森田:もりた 上田:うえだ 原:はら 内田:うちだ 柴田:しばた
酒井:さかい 宮崎:みやざき 横山:よこやま 高木:たかぎ 安藤:あんどう 宮本:みやもと 大野:おおの
小島:こじま 谷口:たにぐち 今井:いまい 工藤:くどう 高田:たかだ 増田:ますだ 丸山:まるやま
杉山:すぎやま 村田:むらた 大塚:おおつか 小山:こやま 藤本:ふじもと 平野:ひらの 新井:あらい
河野:こうの 上野:うえの 野口:のぐち 武田:たけだ 松井:まつい 千葉:ちば 岩崎:いわさき
菅原:すがわら 木下:きのした 久保:くぼ 佐野:さの 野村:のむら 松尾:まつお 市川:いちかわ
菊地:きくち 杉本:すぎもと 古川:ふるかわ 大西:おおにし 島田:しまだ 水野:みずの 桜井:さくらい
高野:たかの 渡部:わたなべ 吉川:よしかわ 山内:やまうち 西田:にしだ 飯田:いいだ 菊池:きくち
西川:にしかわ 小松:こまつ 北村:きたむら 安田:やすだ 五十嵐:いがらし 川口:かわぐち 平田:ひらた
関:せき 中田:なかた 久保田:くぼた 服部:はっとり 東:ひがし 岩田:いわた 土屋:つちや
川崎:かわさき 福島:ふくしま 本田:ほんだ 辻:つじ 樋口:ひぐち 秋山:あきやま 田口:たぐち
永井:ながい 山中:やまなか 中西:なかにし 吉村:よしむら 川上:かわかみ 石原:いしはら 大橋:おおはし
松岡:まつおか 馬場:ばば 浅野:あさの 荒木:あらき 大久保:おおくぼ 野田:のだ 小沢:おざわ
田辺:たなべ 川村:かわむら 星野:ほしの 黒田:くろだ 堀:ほり 尾崎:おざき 望月:もちづき
永田:ながた 熊谷:くまがい 内藤:ないとう 松村:まつむら 西山:にしやま 大谷:おおたに 平井:ひらい
大島:おおしま 岩本:いわもと 片山:かたやま 本間:ほんま 早川:はやかわ 横田:よこた 岡崎:おかざき
荒井:あらい 大石:おおいし 鎌田:かまた 成田:なりた 宮田:みやた 小田:おだ 石橋:いしばし
篠原:しのはら 須藤:すどう 河合:かわい 大木:おおき 高山:たかやま 吉岡:よしおか 小池:こいけ
松下:まつした 森本:もりもと 中尾:なかお 浅井:あさい 川島:かわしま 今村:いまむら 上原:うえはら
北川:きたがわ 竹田:たけだ 宮下:みやした 堀内:ほりうち 小西:こにし 西尾:にしお 松浦:まつうら
大川:おおかわ 藤川:ふじかわ 長田:ながた 野中:のなか 岡村:おかむら 小泉:こいずみ 大竹:おおたけ
桑原:くわばら 関口:せきぐち 石塚:いしづか 前川:まえかわ 松永:まつなが 福井:ふくい 小谷:こたに
梅田:うめだ 上村:うえむら 奥村:おくむら 川端:かわばた 細川:ほそかわ 岡:おか 宇野:うの
平山:ひらやま 田島:たじま 森下:もりした 坂口:さかぐち 土井:どい 南:みなみ 奥田:おくだ
中谷:なかたに 松原:まつばら 水谷:みずたに 杉浦:すぎうら 飯塚:いいづか 根本:ねもと 広瀬:ひろせ
富田:とみた 小森:こもり 浜田:はまだ 堀田:ほった 山岸:やまぎし 沢田:さわだ 菅野:かんの
長尾:ながお 大山:おおやま 関根:せきね 福本:ふくもと 三宅:みやけ 西岡:にしおか 伊東:いとう
今野:こんの 木内:きうち 東海林:しょうじ 小野寺:おのでら 大河内:おおこうち 勅使河原:てしがわら
野々村:ののむら 我妻:わがつま 四月一日:わたぬき 小鳥遊:たかなし 栗田:くりた 神田:かんだ
"""

# Components: kanji, reading at the start, reading inside/at the end (rendaku) — "|" gives
# alternatives, the one used for a given compound is fixed by a hash of its spelling.
PREFIXES = """
山:やま:やま 中:なか:なか 小:こ|お:こ 大:おお:おお 高:たか:たか 石:いし:いし 松:まつ:まつ
田:た:た|だ 川:かわ:かわ|がわ 木:き:き|ぎ 村:むら:むら 井:い:い 本:もと:もと 野:の:の
原:はら:はら|わら|ばら 島:しま:しま|じま 崎:さき:さき|ざき 沢:さわ:さわ|ざわ 藤:ふじ:ふじ|とう
森:もり:もり 林:はやし:ばやし 池:いけ:いけ 宮:みや:みや 岡:おか:おか 坂:さか:さか|ざか
橋:はし:はし|ばし 浜:はま:はま 谷:たに:たに|や 上:うえ|かみ:かみ 下:しも:した|しも
西:にし:にし 東:ひがし:ひがし 北:きた:きた 南:みなみ:みなみ 前:まえ:まえ 後:ご:ご 長:なが:なが
佐:さ:さ 伊:い:い 加:か:か 斎:さい:さい 竹:たけ:たけ 桜:さくら:さくら|ざくら 吉:よし:よし
金:かね:かね|がね 福:ふく:ふく 岩:いわ:いわ 平:ひら:ひら|だいら 青:あお:あお 内:うち:うち
久:く:く 千:ち:ち 清:きよ:きよ 水:みず:みず 古:ふる:ふる 新:にい|あら:にい 白:しら:しら
黒:くろ:くろ 赤:あか:あか 今:いま:いま 秋:あき:あき 春:はる:はる 杉:すぎ:すぎ 菊:きく:きく
梅:うめ:うめ 柳:やなぎ:やなぎ 栗:くり:くり 荒:あら:あら 浅:あさ:あさ 深:ふか:ふか 神:かみ:かみ
根:ね:ね 奥:おく:おく 横:よこ:よこ 富:とみ:とみ|どみ 稲:いな:いな 星:ほし:ほし 片:かた:かた
早:はや:はや 宇:う:う 野々:のの:のの 馬:ま:ま 鳥:とり:とり|どり 鶴:つる:つる|づる 亀:かめ:かめ|がめ
堀:ほり:ほり|ぼり 関:せき:せき|ぜき 葉:は:は|ば 寺:てら:でら 戸:と:ど 辺:べ:べ 屋:や:や
"""

SUFFIXES = """
田:た:た|だ 川:かわ:かわ|がわ 木:き:き|ぎ 村:むら:むら 井:い:い 本:もと:もと 野:の:の
原:はら:はら|わら|ばら 島:しま:しま|じま 崎:さき:さき|ざき 沢:さわ:さわ|ざわ 藤:ふじ:ふじ|とう
山:やま:やま 森:もり:もり 林:はやし:ばやし 池:いけ:いけ 宮:みや:みや 岡:おか:おか
坂:さか:さか|ざか 橋:はし:はし|ばし 浜:はま:はま 谷:たに:たに|や 口:くち:ぐち 部:べ:べ
尾:お:お 瀬:せ:せ 江:え:え 塚:つか:つか|づか 内:うち:うち 上:うえ:うえ|かみ 下:した:した|しも
中:なか:なか 西:にし:にし 城:しろ:しろ|じょう 間:ま:ま 辺:べ:べ 沼:ぬま:ぬま 畑:はた:はた|ばた
地:ち:ち 倉:くら:くら|ぐら 垣:かき:かき|がき 見:み:み 守:もり:もり 里:さと:さと|ざと
永:なが:なが 元:もと:もと 堂:どう:どう 寺:てら:でら 浦:うら:うら 葉:は:ば 川原:かわら:がわら
"""


def _parse_components(text: str) -> list[tuple[str, list[str], list[str]]]:
    out = []
    for item in text.split():
        kanji, start, inner = item.split(":")
        out.append((kanji, start.split("|"), inner.split("|")))
    return out


def _pick(options: list[str], spelling: str, salt: int) -> str:
    return options[(zlib.crc32(spelling.encode()) + salt) % len(options)]


def zipf_weights(n: int, s: float = 1.0, offset: float = 2.0) -> list[float]:
    return [1.0 / (i + offset) ** s for i in range(n)]


def cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


class Pool:
    """Entries (kanji, reading) sampled with cumulative weights."""

    def __init__(self, entries: list[tuple[str, str]], weights: list[float]):
        self.entries = entries
        self.cum = cumulative(weights)

    def sample(self, rng) -> tuple[str, str]:
        return rng.choices(self.entries, cum_weights=self.cum)[0]


class CompoundPool:
    """Names built from components: one of several shapes (a whole-name list, or component
    lists joined), each shape chosen with a weight, each component Zipf-weighted."""

    def __init__(self, shapes: list[tuple[float, list[Pool]]], join):
        self.shapes = [parts for _, parts in shapes]
        self.shape_cum = cumulative([w for w, _ in shapes])
        self.join = join

    def sample(self, rng) -> tuple[str, str]:
        shape = rng.choices(self.shapes, cum_weights=self.shape_cum)[0]
        for _ in range(5):  # no 村村 or 美美
            parts = [p.sample(rng) for p in shape]
            if all(a[0] != b[0] for a, b in zip(parts, parts[1:], strict=False)):
                break
        return self.join(parts)

    def distinct(self) -> set[str]:
        out: set[str] = set()
        for parts in self.shapes:
            combos = [("", "")]
            for p in parts:
                combos = [(c + k, k) for c, last in combos for k, _ in p.entries if k != last]
            out.update(c for c, _ in combos)
        return out


def _surname_join(parts: list[tuple[str, str]]) -> tuple[str, str]:
    """Join surname components; component readings were given as lists, chosen per spelling
    so that one surname spelling has one reading (rendaku included)."""
    spelling = "".join(k for k, _ in parts)
    reading = ""
    for i, (_, readings) in enumerate(parts):
        start, inner = readings
        reading += _pick(start if i == 0 else inner, spelling, i)
    return spelling, reading


def surname_pool() -> CompoundPool:
    real = []
    seen = set()
    for item in REAL_SURNAMES.split():
        kanji, reading = item.split(":")
        if kanji in seen:
            continue
        seen.add(kanji)
        real.append((kanji, reading))
    prefixes = [(k, (s, i)) for k, s, i in _parse_components(PREFIXES)]
    suffixes = [(k, (s, i)) for k, s, i in _parse_components(SUFFIXES)]
    # offset 10: the commonest (佐藤) about 1.5% of people, as in Japan
    real_pool = Pool([(k, (([r], [r]))) for k, r in real], zipf_weights(len(real), 1.0, 10))
    pre = Pool(prefixes, zipf_weights(len(prefixes), 0.9, 3))
    suf = Pool(suffixes, zipf_weights(len(suffixes), 0.9, 3))
    return CompoundPool(
        [(0.50, [real_pool]), (0.35, [pre, suf]), (0.15, [pre, pre, suf])], _surname_join
    )


# --- given names ------------------------------------------------------------------------------


def _entries(text: str) -> list[tuple[str, str]]:
    return [tuple(item.split(":")) for item in text.split()]


def _name_join(parts: list[tuple[str, str]]) -> tuple[str, str]:
    return "".join(k for k, _ in parts), "".join(r for _, r in parts)


GIVEN = {
    ("M", "old"): {
        "whole": "清:きよし 茂:しげる 勇:いさむ 進:すすむ 実:みのる 博:ひろし 弘:ひろし 明:あきら "
        "勲:いさお 稔:みのる 武:たけし 豊:ゆたか 昇:のぼる 修:おさむ 正:ただし 薫:かおる "
        "誠:まこと 浩:ひろし 隆:たかし 剛:つよし 功:いさお 保:たもつ 満:みつる 晃:あきら",
        "first": "正:まさ 和:かず 清:きよ 茂:しげ 勝:かつ 信:のぶ 義:よし 幸:ゆき 武:たけ "
        "秀:ひで 英:ひで 光:みつ 博:ひろ 敏:とし 利:とし 俊:とし 昭:あき 明:あき 忠:ただ "
        "久:ひさ 重:しげ 弘:ひろ 隆:たか 孝:たか 国:くに 邦:くに 健:けん 源:げん 金:きん "
        "寅:とら 辰:たつ 達:たつ 政:まさ 昌:まさ 定:さだ 貞:さだ 安:やす 康:やす 徳:とく "
        "哲:てつ 鉄:てつ 春:はる 秋:あき 良:よし 善:よし 喜:き 栄:えい 永:なが 豊:とよ "
        "富:とみ 福:ふく 松:まつ 竹:たけ 梅:うめ 勇:いさ 菊:きく 房:ふさ 常:つね 末:すえ "
        "仁:じん 礼:れい 文:ぶん 敬:けい 恒:つね 輝:てる 照:てる 益:ます 静:しず 芳:よし",
        "suffix": "男:お 夫:お 雄:お 一:いち 吉:きち 一郎:いちろう 次郎:じろう 三郎:さぶろう "
        "治:じ 蔵:ぞう 造:ぞう 彦:ひこ 助:すけ 太郎:たろう 平:へい 司:じ 之:ゆき 次:じ "
        "衛:え 作:さく 松:まつ 市:いち 郎:ろう 美:み",
        "weights": (0.15, 0.85),
    },
    ("M", "middle"): {
        "whole": "誠:まこと 学:まなぶ 剛:つよし 亮:りょう 聡:さとし 淳:じゅん 修:おさむ 隆:たかし "
        "浩:ひろし 徹:とおる 健:けん 努:つとむ 仁:ひとし 渉:わたる 豊:ゆたか 猛:たけし "
        "崇:たかし 透:とおる 純:じゅん 靖:やすし 哲:さとし 勉:つとむ 昇:のぼる 大:まさる",
        "first": "健:けん 浩:こう 大:だい 和:かず 直:なお 雅:まさ 真:しん 拓:たく 秀:ひで "
        "達:たつ 智:とも 裕:ゆう 剛:ごう 哲:てつ 康:こう 隆:りゅう 賢:けん 俊:しゅん "
        "洋:よう 勝:かつ 亮:りょう 卓:たく 英:えい 孝:こう 信:しん 正:しょう 伸:しん "
        "光:こう 宏:ひろ 博:ひろ 慎:しん 雄:ゆう 克:かつ 修:しゅう 幸:こう 義:よし 貴:たか "
        "敦:あつ 篤:あつ 弘:ひろ 友:とも 昌:まさ 典:のり 憲:けん 龍:りゅう 恭:きょう",
        "suffix": "一:いち 介:すけ 也:や 樹:き 太:た 司:じ 二:じ 志:し 彦:ひこ 人:と 輔:すけ "
        "之:ゆき 史:し 明:あき 一郎:いちろう 太郎:たろう 次:じ 治:じ 夫:お 男:お 哉:や 平:へい "
        "吾:ご 典:のり 紀:のり 行:ゆき",
        "weights": (0.2, 0.8),
    },
    ("M", "young"): {
        "whole": "蓮:れん 湊:みなと 陸:りく 樹:いつき 翼:つばさ 颯:はやて 匠:たくみ 蒼:あおい "
        "律:りつ 新:あらた 凛:りん 悠:はるか 碧:あおい 岳:がく 楓:かえで 駿:しゅん 廉:れん "
        "暖:だん 葵:あおい 航:わたる 仁:じん 洸:こう 聖:ひじり 光:ひかる",
        "first": "翔:しょう 陽:よう 大:だい 悠:ゆう 颯:そう 蒼:そう 優:ゆう 奏:そう 結:ゆい "
        "海:かい 拓:たく 健:けん 快:かい 航:こう 遥:はる 晴:はる 陸:りく 隼:しゅん 瑛:えい "
        "凌:りょう 涼:りょう 琉:りゅう 龍:りゅう 春:はる 湊:そう 蓮:れん 大:ひろ 悠:はる "
        "和:かず 勇:ゆう 雄:ゆう 翼:よく 真:しん 光:こう 智:とも 直:なお 慶:けい 圭:けい "
        "啓:けい 恵:けい 虎:こ 朝:あさ 歩:あゆ 心:しん 瑞:みず 空:そら 惺:せい 煌:こう",
        "suffix": "太:た 斗:と 真:ま 人:と 輝:き 希:き 翔:と 也:や 汰:た 介:すけ 吾:ご 平:へい "
        "馬:ま 生:せい 士:し 大:だい 磨:ま 仁:じん 哉:や 都:と 登:と 月:つき 樹:き 多:た "
        "之介:のすけ 太郎:たろう 一朗:いちろう 佑:すけ 毅:き",
        "weights": (0.2, 0.8),
    },
    ("F", "old"): {
        "whole": "ハル:はる キク:きく トメ:とめ ヨシ:よし フミ:ふみ ミツ:みつ ウメ:うめ ハナ:はな "
        "キヨ:きよ タケ:たけ マツ:まつ スミ:すみ チヨ:ちよ シズ:しず ツル:つる 静:しず "
        "操:みさお 節:せつ 光:ひかる 薫:かおる 愛:あい 恵:めぐみ 和:のどか 栄:さかえ",
        "first": "幸:さち 和:かず 洋:よう 恵:けい 京:きょう 節:せつ 典:のり 敏:とし 裕:ひろ "
        "順:じゅん 良:よし 春:はる 秋:あき 文:ふみ 光:みつ 貞:さだ 正:まさ 信:のぶ 久:ひさ "
        "千:ち 美智:みち 由美:ゆみ 久美:くみ 佐和:さわ 登美:とみ 千代:ちよ 喜代:きよ "
        "澄:すみ 静:しず 富:とみ 花:はな 菊:きく 梅:うめ 松:まつ 竹:たけ 鶴:つる 芳:よし "
        "初:はつ 君:きみ 照:てる 昭:あき 紀:のり 道:みち 弘:ひろ 悦:えつ 房:ふさ 絹:きぬ "
        "八重:やえ 玉:たま 安:やす 友:とも 豊:とよ 末:すえ 政:まさ 勝:かつ 里:さと 清:きよ "
        "美代:みよ 美津:みつ 多:た 喜:き 益:ます 利:とし 孝:たか 律:りつ 延:のぶ 民:たみ",
        "suffix": "子:こ 江:え 代:よ 枝:え 美:み 恵:え 乃:の 世:よ 野:の 栄:え 惠:え",
        "weights": (0.1, 0.9),
        "suffix_s": 1.6,
    },
    ("F", "middle"): {
        "whole": "恵:めぐみ 愛:あい 舞:まい 彩:あや 薫:かおる 忍:しのぶ 望:のぞみ 瞳:ひとみ "
        "泉:いずみ 綾:あや 梓:あずさ 歩:あゆみ 茜:あかね 渚:なぎさ 緑:みどり 円:まどか 誠:まこと "
        "静香:しずか 明美:あけみ 由美:ゆみ 真由美:まゆみ 恵美:えみ 直美:なおみ "
        "久美:くみ 智美:ともみ",
        "first": "由:ゆ 美:み 智:とも 明:あき 裕:ゆう 直:なお 麻:ま 亜:あ 沙:さ 理:り 真:ま "
        "奈:な 香:か 恵:え 久:く 千:ち 佳:か 加:か 紀:き 有:ゆ 友:とも 雅:まさ 典:のり 幸:ゆき "
        "早:さ 陽:よう 順:じゅん 京:きょう 貴:たか 敦:あつ 純:じゅん 尚:なお 昌:まさ 聡:さと "
        "弘:ひろ 和:かず 優:ゆう 利:り 多:た 喜:き 登:と 祐:ゆう 綾:あや 洋:よう 伸:のぶ",
        "suffix": "子:こ 美:み 恵:え 香:か 代:よ 江:え 里:り 奈:な 紀:き 穂:ほ 乃:の 佳:か 絵:え "
        "希:き 枝:え 世:よ 実:み 衣:い 沙:さ 那:な",
        "weights": (0.15, 0.85),
        "mora": True,
    },
    ("F", "young"): {
        "whole": "葵:あおい 凛:りん 楓:かえで 翠:みどり 栞:しおり 椿:つばき 桜:さくら 陽:ひなた "
        "結:ゆい 杏:あん 澪:みお 雫:しずく 蛍:ほたる 遥:はるか 萌:もえ 光:ひかり 瑠:る "
        "紬:つむぎ 蘭:らん 鈴:すず 舞:まい 彩:あや 愛:あい 唯:ゆい 心:こころ 渚:なぎさ",
        "first": "陽:ひ 結:ゆ 美:み 心:こ 莉:り 咲:さ 愛:あ 彩:あや 優:ゆう 花:はな 芽:め "
        "杏:あん 紗:さ 凛:りん 真:ま 千:ち 七:なな 菜:な 未:み 実:み 帆:ほ 穂:ほ 乃:の 萌:も "
        "百:も 桃:もも 有:ゆ 友:ゆ 夕:ゆ 綾:あ 絵:え 理:り 梨:り 璃:り 瑠:る 奈:な 那:な "
        "伊:い 衣:い 依:い 唯:ゆい 晴:はる 春:はる 日:ひ 光:ひかり 華:はな 希:き 季:き 和:わ "
        "朱:あ 亜:あ 沙:さ 佳:か 香:か 智:ち 知:ち 里:り 恵:え 奏:かな 彩:さ 夏:なつ 詩:し",
        "suffix": "菜:な 奈:な 花:か 香:か 衣:い 音:ね 葉:は 愛:あ 美:み 莉:り 子:こ 乃:の "
        "月:つき 実:み 希:き 桜:さ 羽:は 依:い 空:そら 穂:ほ 佳:か 那:な 紗:さ 咲:さき 未:み "
        "凜:りん 里:り 樹:き 歩:ほ 結:ゆ 鈴:すず 杏:あん",
        "weights": (0.15, 0.85),
        "mora": True,
    },
}


def given_pool(sex: str, era: str) -> CompoundPool:
    spec = GIVEN[(sex, era)]
    whole = _entries(spec["whole"])
    first = _entries(spec["first"])
    suffix = _entries(spec["suffix"])
    w_whole, w_comp = spec["weights"]
    # flat enough that the commonest given name of a cohort is about 1% of it
    whole_p = Pool(whole, zipf_weights(len(whole), 1.0, 8))
    first_p = Pool(first, zipf_weights(len(first), 0.9, 6))
    suffix_p = Pool(suffix, zipf_weights(len(suffix), spec.get("suffix_s", 1.1), 2))
    shapes = [(w_whole, [whole_p]), (w_comp, [first_p, suffix_p])]
    if spec.get("mora"):
        # three-component names: 真由美, 陽菜乃, 美咲希 …
        shapes[1] = (w_comp * 0.7, [first_p, suffix_p])
        shapes.append((w_comp * 0.3, [first_p, first_p, suffix_p]))
    return CompoundPool(shapes, _name_join)


# --- places -----------------------------------------------------------------------------------

PREFECTURE = "埼玉県"
CITIES = [
    # (name, area code of its landlines, share of the population)
    ("みどり市", "048", 0.86),
    ("あおば市", "048", 0.05),
    ("さくら町", "0480", 0.04),
    ("ひかり市", "049", 0.05),
]
TOWN_HEADS = (
    "北山 南山 東山 西山 本 中央 栄 緑 若葉 桜 松 梅 竹 青葉 旭 日吉 富士見 大 小 新 元 上 下 中 "
    "宮 浜 川 森 泉 稲 菊 藤 柳 千代 八幡 春日 朝日 宝 幸 寿 弥生 住吉 白山 天神 港 高 岡 原 "
    "石 杉 本郷 曙 昭和 平和 明神 若松 常盤 錦 鶴 亀 桃 新田 岩 谷 堀 池 久保 星 光"
).split()
TOWN_TAILS = "町 台 ケ丘 が丘 原 田 野 沢 本町 新町 東 西 南 北 里 丘 山 島 川 崎".split()
BUILDING_HEADS = (
    "コーポ サンハイツ グリーンハイツ メゾン パレス レジデンス ハイム ヴィラ シャトー ロイヤル "
    "ドミール アーバン サニー フォレスト リバーサイド パーク"
).split()
BUILDING_TAILS = "みどり 北山 桜 青葉 ひかり 中央 旭 松風 若葉 富士見 栄 泉 緑風 朝日 宮前".split()
BUILDING_KINDS = ["", "", "", "マンション", "ハイツ", "荘", "アパート", "コート"]

FIELDS = ("高齢", "障害", "子ども", "困窮")
ORGANIZATIONS = {
    "高齢": [
        "北部地域包括支援センター",
        "中部地域包括支援センター",
        "南部地域包括支援センター",
        "介護保険課",
        "居宅介護支援事業所あおば",
    ],
    "障害": ["障害福祉課", "基幹相談支援センター", "相談支援事業所ひまわり", "保健センター"],
    "子ども": ["こども家庭センター", "子育て支援課", "保育課", "教育委員会学校教育課"],
    "困窮": ["自立相談支援機関", "生活福祉課", "社会福祉協議会", "ひきこもり地域支援センター"],
}

# 異体字: used when src/tsunagu/linkage/variants.tsv is not there (standard form, variant).
BUILTIN_VARIANTS = [
    ("高", "髙"),
    ("崎", "﨑"),
    ("崎", "嵜"),
    ("辺", "邊"),
    ("辺", "邉"),
    ("斎", "齋"),
    ("斎", "齊"),
    ("斉", "齊"),
    ("沢", "澤"),
    ("浜", "濱"),
    ("吉", "𠮷"),
    ("桜", "櫻"),
    ("国", "國"),
    ("広", "廣"),
    ("真", "眞"),
    ("徳", "德"),
    ("恵", "惠"),
    ("島", "嶋"),
    ("島", "嶌"),
    ("峰", "峯"),
    ("富", "冨"),
    ("関", "關"),
    ("滝", "瀧"),
    ("竜", "龍"),
    ("栄", "榮"),
    ("宮", "宫"),
    ("野", "埜"),
    ("黒", "黑"),
    ("条", "條"),
    ("桑", "桒"),
]
