"""旧字体・異体字 folding for 名寄せ: the variants people's names are written with must fold to
one form, and different characters must not."""

import importlib.util
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.linkage import variants
from tsunagu.linkage.variants import VARIANTS, fold_variants, load


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("髙", "高"),
        ("﨑", "崎"),
        ("嵜", "崎"),
        ("邊", "辺"),
        ("邉", "辺"),
        ("齋", "斎"),
        ("齊", "斎"),
        ("斉", "斎"),
        ("澤", "沢"),
        ("濱", "浜"),
        ("濵", "浜"),
        ("𠮷", "吉"),
        ("櫻", "桜"),
        ("國", "国"),
        ("廣", "広"),
        ("眞", "真"),
        ("德", "徳"),
        ("惠", "恵"),
        ("藏", "蔵"),
        ("龍", "竜"),
        ("嶋", "島"),
        ("嶌", "島"),
        ("峯", "峰"),
        ("冨", "富"),
        ("槇", "槙"),
        ("\uf9dc", "隆"),  # CJK compatibility ideograph 隆
        ("\ufa10", "塚"),  # CJK compatibility ideograph 塚
        ("桒", "桑"),
        ("舘", "館"),
        ("蘆", "芦"),
        ("渕", "淵"),
        ("栁", "柳"),
        ("瀧", "滝"),
        ("曾", "曽"),
        ("條", "条"),
        ("禮", "礼"),
        ("黑", "黒"),
        ("萬", "万"),
        ("鷗", "鴎"),
        ("亙", "亘"),
        ("剝", "剥"),
        ("靑", "青"),
        ("淸", "清"),
        ("內", "内"),
        ("歲", "歳"),
        ("辯", "弁"),
    ],
)
def test_variant_folds_to_its_canonical_form(variant, canonical):
    assert fold_variants(variant) == canonical
    assert VARIANTS[variant] == canonical


@pytest.mark.parametrize(
    "names",
    [
        ["斎藤", "齋藤", "齊藤", "斉藤"],
        ["渡辺", "渡邊", "渡邉"],
        ["高橋", "髙橋", "髙槗"],
        ["山崎", "山﨑", "山嵜"],
        ["吉田", "𠮷田"],
        ["浜田", "濱田", "濵田"],
        ["徳永", "德永"],
        ["桜井", "櫻井"],
        ["竜也", "龍也"],
        ["島田", "嶋田", "嶌田"],
        ["清水", "淸水"],
        ["青木", "靑木"],
    ],
)
def test_names_written_with_variants_fold_equal(names):
    assert len({fold_variants(name) for name in names}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("澤", "途"),
        ("崎", "埼"),
        ("高", "鷹"),
        ("沢", "択"),
        ("辺", "近"),
        ("島", "鳥"),
        ("芸", "云"),
    ],
)
def test_different_characters_stay_different(a, b):
    assert fold_variants(a) != fold_variants(b)


def test_two_joyo_kanji_never_fold_together_except_sai():
    # 崎/埼 both stay themselves; 斉 into 斎 is the one deliberate join.
    assert fold_variants("崎") == "崎"
    assert fold_variants("埼") == "埼"
    assert fold_variants("斎") == "斎"


def test_canonical_forms_are_fixed_points():
    canonicals = set(VARIANTS.values())
    assert not canonicals & VARIANTS.keys()
    assert all(fold_variants(c) == c for c in canonicals)


def test_canonical_forms_are_unified_ideographs_stable_under_nfkc():
    # So folding and NFKC can run in either order.
    for variant, canonical in VARIANTS.items():
        assert unicodedata.normalize("NFKC", canonical) == canonical
        assert fold_variants(unicodedata.normalize("NFKC", variant)) == canonical


def test_the_table_is_a_maintained_table_not_a_handful():
    assert len(VARIANTS) > 1500
    official = [v for v in VARIANTS if not unicodedata.decomposition(v)]
    assert len(official) > 500  # beyond what NFKC already folds


def test_variation_selectors_are_dropped():
    assert fold_variants("葛\U000e0100城") == "葛城"
    assert fold_variants("辻\U000e0101") == "辻"
    assert fold_variants("神\ufe00") == "神"


def test_text_without_variants_is_unchanged():
    assert fold_variants("山田 太郎 Yamada ヤマダ") == "山田 太郎 Yamada ヤマダ"
    assert fold_variants("") == ""


def test_local_table_adds_pairs_followed_through_the_generated_one(tmp_path):
    local = tmp_path / "variants_local.tsv"
    local.write_text("# 市の追加\n㐂\t邊\n", encoding="utf-8")
    pairs = load(variants.TABLE, local)
    assert pairs["㐂"] == "辺"
    assert pairs["髙"] == "高"


def test_local_table_can_undo_a_generated_pair(tmp_path):
    local = tmp_path / "variants_local.tsv"
    local.write_text("斉\t斉\n", encoding="utf-8")
    pairs = load(variants.TABLE, local)
    assert "斉" not in pairs
    assert pairs["齋"] == "斎"


def test_local_table_with_a_cycle_is_refused(tmp_path):
    local = tmp_path / "variants_local.tsv"
    local.write_text("高\t髙\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cycle"):
        load(variants.TABLE, local)


def test_local_table_needs_one_character_on_each_side(tmp_path):
    local = tmp_path / "variants_local.tsv"
    local.write_text("髙橋\t高橋\n", encoding="utf-8")
    with pytest.raises(ValueError, match="one character"):
        load(local)


_NOT_SELECTORS = st.characters(
    exclude_categories=["Cs"],
    exclude_characters="".join(chr(c) for c in [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]),
)
_NAMEISH = st.sampled_from(sorted({*VARIANTS, *VARIANTS.values(), *"山田太郎花子 "}))


@given(st.text(st.one_of(_NOT_SELECTORS, _NAMEISH)))
def test_folding_is_idempotent_and_keeps_the_length(text):
    folded = fold_variants(text)
    assert fold_variants(folded) == folded
    assert len(folded) == len(text)


# --- the generator --------------------------------------------------------------------------


def _generator():
    path = Path(__file__).resolve().parents[4] / "scripts" / "build_variants.py"
    spec = importlib.util.spec_from_file_location("build_variants", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _unihan(generator, **fields):
    data = {field: {} for field in generator.FIELDS}
    for field, values in fields.items():
        data[field].update(values)
    return data


def test_manual_pairs_agree_with_the_table():
    for variant, canonical, _reason in _generator().MANUAL:
        assert fold_variants(variant) == canonical


def test_the_table_names_its_sources_and_licences():
    lines = variants.TABLE.read_text(encoding="utf-8").splitlines()
    header = "\n".join(line for line in lines if line.startswith("#"))
    for words in [
        "Unicode Character Database 15.0.0",
        "Debian package unicode-data",
        "COPYRIGHT AND PERMISSION NOTICE",
        "kyujipy 0.6.8",
        "MIT License",
    ]:
        assert words in header


def test_generator_folds_to_the_jis_joyo_form_and_skips_ambiguous_hints():
    generator = _generator()
    unihan = _unihan(
        generator,
        kJoyoKanji={"崎": "2010", "埼": "2010", "高": "2010"},
        kJis0={"崎": "2674", "埼": "2675", "高": "2566"},
        kSemanticVariant={"髙": "U+9AD8", "𡶌": "U+5D0E U+57FC"},
        kIRG_JSource={"𡶌": "J4-0000"},
        kIBMJapan={"髙": "FBFC"},
    )
    rows = {v: c for v, c, _ in generator.build(unihan, [])}
    assert rows["髙"] == "高"
    assert "𡶌" not in rows  # leads to both 崎 and 埼
    assert rows["﨑"] == "崎"  # from MANUAL


def test_generator_refuses_to_join_two_joyo_kanji():
    generator = _generator()
    unihan = _unihan(generator, kJoyoKanji={"沢": "2010", "択": "2010"})
    with pytest.raises(SystemExit, match="two 常用"):
        generator.build(unihan, [("沢", "択", "test")])
