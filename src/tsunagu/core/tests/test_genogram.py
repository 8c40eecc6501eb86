"""Tests for the genogram drawing and its input from household memberships."""

import xml.etree.ElementTree as ET

import pytest

from tsunagu.core.diagrams.genogram import (
    Genogram,
    Member,
    ParentChild,
    Union,
    render_genogram,
)
from tsunagu.core.diagrams.household import from_household

NS = {"s": "http://www.w3.org/2000/svg"}
S = "{http://www.w3.org/2000/svg}"


def _family() -> Genogram:
    return Genogram(
        members=(
            Member("father", "山田 茂", "male", 82, deceased=True),
            Member("mother", "山田 花子", "female", 80, lives_with_person=True),
            Member("sister", "佐藤 由美", "female", 48),
            Member("person", "山田 一郎", "male", 52, is_person=True),
            Member("brother", "山田 次郎", "male", 45, lives_with_person=True),
            Member("ex", "佐藤 健", "male", 50),
            Member("niece", "佐藤 蓮", "unknown", 20),
        ),
        unions=(Union("father", "mother"), Union("sister", "ex", "divorced")),
        parent_child=(
            ParentChild("father", "person"),
            ParentChild("mother", "person"),
            ParentChild("father", "sister"),
            ParentChild("mother", "sister"),
            ParentChild("father", "brother"),
            ParentChild("mother", "brother"),
            ParentChild("sister", "niece"),
            ParentChild("ex", "niece"),
        ),
    )


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _member(root: ET.Element, member_id: str) -> ET.Element:
    return root.find(f".//s:g[@class='member'][@data-member='{member_id}']", NS)


def _symbols(group: ET.Element) -> list[ET.Element]:
    return [e for e in group if (e.get("class") or "").startswith("symbol")]


def _centre(group: ET.Element) -> tuple[float, float]:
    shape = _symbols(group)[-1]
    if shape.tag == S + "rect":
        return (
            float(shape.get("x")) + float(shape.get("width")) / 2,
            float(shape.get("y")) + float(shape.get("height")) / 2,
        )
    if shape.tag == S + "circle":
        return float(shape.get("cx")), float(shape.get("cy"))
    points = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
    return points[0][0], (points[0][1] + points[2][1]) / 2


def _bbox(group: ET.Element) -> tuple[float, float, float, float]:
    shape = _symbols(group)[0]
    if shape.tag == S + "rect":
        x, y = float(shape.get("x")), float(shape.get("y"))
        return x, y, x + float(shape.get("width")), y + float(shape.get("height"))
    if shape.tag == S + "circle":
        cx, cy, r = (float(shape.get(k)) for k in ("cx", "cy", "r"))
        return cx - r, cy - r, cx + r, cy + r
    points = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_symbol_shape_follows_sex() -> None:
    # given a family with men, women and a member of unknown sex
    # when it is drawn
    root = _parse(render_genogram(_family()))
    # then men are squares, women circles and the unknown a diamond
    assert _symbols(_member(root, "father"))[0].tag == S + "rect"
    assert _symbols(_member(root, "mother"))[0].tag == S + "circle"
    assert _symbols(_member(root, "niece"))[0].tag == S + "polygon"


def test_person_has_double_outline_and_others_single() -> None:
    root = _parse(render_genogram(_family()))
    person = _symbols(_member(root, "person"))
    assert [s.get("class") for s in person] == ["symbol outer", "symbol"]
    assert len(_symbols(_member(root, "brother"))) == 1


def test_deceased_is_crossed_out() -> None:
    root = _parse(render_genogram(_family()))
    assert len(_member(root, "father").findall("s:line[@class='deceased']", NS)) == 2
    assert _member(root, "mother").findall("s:line[@class='deceased']", NS) == []


def test_union_lines_join_the_right_partners_with_slashes_for_divorce() -> None:
    root = _parse(render_genogram(_family()))
    unions = {
        (g.get("data-a"), g.get("data-b")): g for g in root.findall(".//s:g[@class='union']", NS)
    }
    married = unions[("father", "mother")]
    divorced = unions[("sister", "ex")]
    assert married.get("data-kind") == "married"
    assert married.findall("s:line[@class='slash']", NS) == []
    assert len(divorced.findall("s:line[@class='slash']", NS)) == 2
    # the marriage line runs between the two symbols on their row
    line = married.find("s:line[@class='union-line']", NS)
    (fx, fy), (mx, my) = _centre(_member(root, "father")), _centre(_member(root, "mother"))
    assert float(line.get("y1")) == float(line.get("y2")) == fy == my
    assert min(fx, mx) < float(line.get("x1")) < float(line.get("x2")) < max(fx, mx)


@pytest.mark.parametrize(
    ("kind", "slashes", "dashed"), [("separated", 1, False), ("partnership", 0, True)]
)
def test_separation_has_one_slash_and_partnership_a_dashed_line(kind, slashes, dashed) -> None:
    data = Genogram(
        members=(Member("a", "A", "male", is_person=True), Member("b", "B", "female")),
        unions=(Union("a", "b", kind),),
    )
    union = _parse(render_genogram(data)).find(".//s:g[@class='union']", NS)
    assert len(union.findall("s:line[@class='slash']", NS)) == slashes
    line = union.find("s:line[@class='union-line']", NS)
    assert (line.get("stroke-dasharray") is not None) is dashed


def test_children_are_below_parents_and_siblings_ordered_by_age() -> None:
    root = _parse(render_genogram(_family()))
    y = {m: _centre(_member(root, m))[1] for m in ("father", "person", "niece")}
    assert y["father"] < y["person"] < y["niece"]
    x = {m: _centre(_member(root, m))[0] for m in ("sister", "person", "brother")}
    # 52 (本人), 48 (sister), 45 (brother): older on the left, whatever the input order
    assert x["person"] < x["sister"] < x["brother"]
    assert (
        _centre(_member(root, "sister"))[1] == y["person"] == _centre(_member(root, "brother"))[1]
    )


def test_children_hang_from_their_parents_line() -> None:
    root = _parse(render_genogram(_family()))
    descent = root.find(".//s:path[@class='descent'][@data-parents='father mother']", NS)
    start = descent.get("d").split("V")[0]
    (fx, _), (mx, _) = _centre(_member(root, "father")), _centre(_member(root, "mother"))
    assert float(start[1:].split()[0]) == (fx + mx) / 2


def _inside(inner, outer) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_household_boundary_encloses_exactly_the_co_resident_members() -> None:
    root = _parse(render_genogram(_family()))
    household = root.find(".//s:g[@class='household']", NS)
    rects = [
        (
            float(r.get("x")),
            float(r.get("y")),
            float(r.get("x")) + float(r.get("width")),
            float(r.get("y")) + float(r.get("height")),
        )
        for r in household.findall("s:rect[@class='household-area']", NS)
    ]
    assert household.find("s:path[@class='household-outline']", NS).get("stroke-dasharray")
    for member in ("person", "mother", "brother"):
        box = _bbox(_member(root, member))
        assert any(_inside(box, rect) for rect in rects), member
    for member in ("father", "sister", "ex", "niece"):
        box = _bbox(_member(root, member))
        assert not any(_overlaps(box, rect) for rect in rects), member


def test_no_boundary_when_person_lives_alone() -> None:
    data = Genogram(members=(Member("a", "A", "male", is_person=True), Member("b", "B", "female")))
    assert _parse(render_genogram(data)).find(".//s:g[@class='household']", NS) is None


def test_names_and_ages_are_written_under_symbols() -> None:
    root = _parse(render_genogram(_family()))
    group = _member(root, "mother")
    texts = [t.text for t in group.findall("s:text", NS)]
    assert texts == ["山田 花子", "80歳"]
    assert all(float(t.get("y")) > _centre(group)[1] for t in group.findall("s:text", NS))


def test_svg_is_standalone_accessible_and_free_of_styles_and_scripts() -> None:
    svg = render_genogram(_family())
    root = _parse(svg)
    assert root.tag == S + "svg"
    assert root.get("role") == "img"
    assert root.get("viewBox")
    assert "Noto Sans CJK JP" in root.get("font-family")
    assert root.find("s:title", NS).text == "ジェノグラム"
    desc = root.find("s:desc", NS).text
    assert desc.startswith(
        "本人 山田 一郎（50代男性）と、父 山田 茂（80代男性、死亡）、母 山田 花子"
    )
    assert "妹 佐藤 由美" in desc and "弟 山田 次郎" in desc
    assert root.find(".//s:g[@class='legend']", NS) is not None
    for element in root.iter():
        assert "style" not in element.attrib
        assert not any("href" in name for name in element.attrib)
        assert element.tag not in (S + "script", S + "style", S + "foreignObject")


def test_user_text_is_escaped() -> None:
    data = Genogram(
        members=(
            Member("<x>", "<script>alert(1)</script> & 山田", "male", is_person=True),
            Member('"q"', "A & B\x00", "female", lives_with_person=True),
        ),
        unions=(Union("<x>", '"q"'),),
        title="<b>ジェノグラム</b>",
    )
    svg = render_genogram(data)
    assert "<script" not in svg and "<b>" not in svg
    root = _parse(svg)
    assert _member(root, "<x>") is not None
    labels = [t.text for t in root.iter(S + "text")]
    assert "A & B" in labels
    assert any("<script>" in (label or "") for label in labels)


def test_same_input_gives_the_same_svg() -> None:
    assert render_genogram(_family()) == render_genogram(_family())


def test_invalid_input_is_refused() -> None:
    with pytest.raises(ValueError, match="本人"):
        render_genogram(Genogram(members=(Member("a", "A"),)))
    with pytest.raises(ValueError, match="unknown"):
        render_genogram(
            Genogram(
                members=(Member("a", "A", is_person=True),), parent_child=(ParentChild("z", "a"),)
            )
        )


# -- from_household ------------------------------------------------------------------------


def _links(data: Genogram) -> set[tuple[str, str]]:
    return {(link.parent_id, link.child_id) for link in data.parent_child}


def test_8050_household() -> None:
    # given an 8050 household: the head (father, 82, deceased), his wife (80) and their
    # withdrawn son (52, 本人); the daughter has moved out but is still recorded
    members = [
        Member(1, "山田 茂", "male", 82, deceased=True, lives_with_person=False),
        Member(2, "山田 花子", "female", 80, lives_with_person=True),
        Member(3, "山田 一郎", "male", 52, lives_with_person=True),
        Member(4, "佐藤 由美", "female", 48, lives_with_person=False),
    ]
    relations = {1: "head", 2: "spouse", 3: "child", 4: "child"}
    # when the genogram input is built for the son
    data = from_household(members, relations, person_id=3)
    # then the parents are a couple and both children hang from them
    assert [(u.partner_a, u.partner_b, u.kind) for u in data.unions] == [(1, 2, "married")]
    assert _links(data) == {(1, 3), (2, 3), (1, 4), (2, 4)}
    assert [m.id for m in data.members if m.is_person] == [3]
    assert data.generations == {1: -1, 2: -1, 3: 0, 4: 0}
    # and the drawing puts the mother (and only her) with 本人 inside the boundary
    root = _parse(render_genogram(data))
    assert "母 山田 花子（80代女性、同居）" in root.find("s:desc", NS).text
    assert _centre(_member(root, "1"))[1] < _centre(_member(root, "3"))[1]


def test_double_care_household() -> None:
    # given the head, his wife, their child and the head's mother
    members = [
        Member("h", "鈴木 大輔", "male", 45, lives_with_person=True),
        Member("w", "鈴木 真理", "female", 43),
        Member("c", "鈴木 陽菜", "female", 6, lives_with_person=True),
        Member("m", "鈴木 トメ", "female", 78, lives_with_person=True),
    ]
    relations = {"h": "head", "w": "spouse", "c": "child", "m": "parent"}
    # when the wife (who cares for both) is 本人
    data = from_household(members, relations, person_id="w")
    # then the child has both parents and the head's mother is his parent
    assert _links(data) == {("h", "c"), ("w", "c"), ("m", "h")}
    assert data.generations == {"h": 0, "w": 0, "c": 1, "m": -1}
    assert not any(m.lives_with_person for m in data.members if m.is_person)
    root = _parse(render_genogram(data))
    desc = root.find("s:desc", NS).text
    assert "夫 鈴木 大輔" in desc and "娘 鈴木 陽菜" in desc
    ys = {k: _centre(_member(root, k))[1] for k in "hwcm"}
    assert ys["m"] < ys["h"] == ys["w"] < ys["c"]


def test_young_carer_household() -> None:
    # given a single mother (head) who is ill, her two children and her father
    members = [
        Member("mo", "田中 恵", "female", 41, lives_with_person=True),
        Member("a", "田中 翔", "male", 15, is_person=True),
        Member("b", "田中 葵", "female", 9, lives_with_person=True),
        Member("gf", "田中 正", "male", 70, lives_with_person=True),
    ]
    relations = {"mo": "head", "a": "child", "b": "child", "gf": "parent"}
    # when the 15-year-old is 本人
    data = from_household(members, relations, person_id="a")
    # then both children hang from their mother only, the grandfather above her
    assert _links(data) == {("mo", "a"), ("mo", "b"), ("gf", "mo")}
    assert data.unions == ()
    root = _parse(render_genogram(data))
    x = {k: _centre(_member(root, k))[0] for k in ("a", "b")}
    assert x["a"] < x["b"]
    assert "妹 田中 葵（9歳女性、同居）" in root.find("s:desc", NS).text


def test_ambiguous_relations_are_left_unattached_but_drawn() -> None:
    # given two children and one child-in-law, a grandchild, a grandparent and a lodger
    members = [
        Member("h", "H", "male", 70, is_person=True),
        Member("s1", "S1", "male", 45),
        Member("s2", "S2", "male", 40),
        Member("il", "IL", "female", 42),
        Member("gc", "GC", "female", 12),
        Member("gp", "GP", "female", 95),
        Member("lodger", "L", "male", 30),
    ]
    relations = {
        "h": "head",
        "s1": "child",
        "s2": "child",
        "il": "child_in_law",
        "gc": "grandchild",
        "gp": "grandparent",
        "lodger": "other",
    }
    # when the genogram input is built
    data = from_household(members, relations, person_id="h")
    # then the in-law, the grandchild and the grandparent are not linked to anyone
    linked = {m for link in data.parent_child for m in (link.parent_id, link.child_id)}
    linked |= {m for u in data.unions for m in (u.partner_a, u.partner_b)}
    assert linked == {"h", "s1", "s2"}
    # but still drawn on the row of their generation
    root = _parse(render_genogram(data))
    y = {m.id: _centre(_member(root, m.id))[1] for m in members}
    assert y["gp"] < y["h"] == y["lodger"] < y["il"] == y["s1"] < y["gc"]


def test_child_in_law_and_grandchild_attached_when_unambiguous() -> None:
    members = [
        Member("h", "H", "female", 75, is_person=True),
        Member("s", "S", "male", 48),
        Member("il", "IL", "female", 46),
        Member("gc", "GC", "male", 16),
    ]
    relations = {"h": "head", "s": "child", "il": "child_in_law", "gc": "grandchild"}
    data = from_household(members, relations, person_id="h")
    assert ("s", "il", "married") in {(u.partner_a, u.partner_b, u.kind) for u in data.unions}
    assert {("s", "gc"), ("il", "gc")} <= _links(data)
    assert "孫 GC" in _parse(render_genogram(data)).find("s:desc", NS).text


def test_siblings_share_the_heads_recorded_parents() -> None:
    members = [
        Member("h", "H", "male", 50, is_person=True),
        Member("sib", "SIB", "female", 55),
        Member("p", "P", "female", 80),
    ]
    data = from_household(members, {"h": "head", "sib": "sibling", "p": "parent"}, person_id="h")
    assert _links(data) == {("p", "h"), ("p", "sib")}
    root = _parse(render_genogram(data))
    assert _centre(_member(root, "sib"))[0] < _centre(_member(root, "h"))[0]
    assert "姉 SIB" in root.find("s:desc", NS).text
