"""Tests for the ecomap drawing."""

import xml.etree.ElementTree as ET

import pytest

from tsunagu.core.diagrams.ecomap import Ecomap, EcoNode, render_ecomap

NS = {"s": "http://www.w3.org/2000/svg"}
S = "{http://www.w3.org/2000/svg}"


def _ecomap() -> Ecomap:
    return Ecomap(
        person_label="山田 一郎",
        person_note="52歳",
        nodes=(
            EcoNode(
                "hokatsu", "地域包括支援センター", "organization", "strong", "both", "月1回訪問"
            ),
            EcoNode("minsei", "民生委員 佐藤さん", "person", "normal", "toward"),
            EcoNode("mother", "母", "person", "conflict"),
            EcoNode("hikikomori", "ひきこもり地域支援センター", "organization", "weak", "away"),
            EcoNode("cafe", "居場所カフェ", "resource", "stressful"),
        ),
    )


def _tie(root: ET.Element, node_id: str) -> ET.Element:
    return root.find(f".//s:g[@class='tie'][@data-node='{node_id}']", NS)


def _node(root: ET.Element, node_id: str) -> ET.Element:
    return root.find(f".//s:g[@class='node'][@data-node='{node_id}']", NS)


def test_tie_styles_follow_the_kind_of_tie() -> None:
    root = ET.fromstring(render_ecomap(_ecomap()))
    lines = {
        n: _tie(root, n).find("s:path[@class='tie-line']", NS)
        for n in ("hokatsu", "minsei", "mother", "hikikomori", "cafe")
    }
    assert float(lines["hokatsu"].get("stroke-width")) > float(lines["minsei"].get("stroke-width"))
    assert lines["hikikomori"].get("stroke-dasharray")
    assert all(
        lines[n].get("stroke-dasharray") is None for n in ("hokatsu", "minsei", "mother", "cafe")
    )
    # a normal tie is one straight segment, a conflict a zigzag, a stressful line has bars
    assert lines["minsei"].get("d").count("L") == 1
    assert lines["mother"].get("d").count("L") > 5 and lines["mother"].get("d").count("M") == 1
    assert lines["cafe"].get("d").count("M") > 2


def test_arrows_follow_the_flow() -> None:
    root = ET.fromstring(render_ecomap(_ecomap()))

    def arrows(node_id: str) -> list[str]:
        return sorted(a.get("data-at") for a in _tie(root, node_id).findall("s:polygon", NS))

    assert arrows("hokatsu") == ["node", "person"]
    assert arrows("minsei") == ["person"]
    assert arrows("hikikomori") == ["node"]
    assert arrows("mother") == []


def test_node_kinds_have_their_shapes_and_every_label_is_shown() -> None:
    root = ET.fromstring(render_ecomap(_ecomap()))
    assert _node(root, "hokatsu").find("s:rect", NS).get("rx")
    assert _node(root, "minsei").find("s:circle", NS) is not None
    assert _node(root, "cafe").find("s:ellipse", NS) is not None
    texts = "".join(t.text or "" for t in root.iter(S + "text"))
    for label in (
        "山田 一郎",
        "地域包括支援センター",
        "民生委員",
        "佐藤さん",
        "母",
        "居場所カフェ",
        "月1回訪問",
    ):
        assert label in texts
    assert len(root.findall(".//s:circle[@class]", NS)) >= 2  # 本人's double circle


def test_nodes_stand_on_a_circle_around_the_person() -> None:
    root = ET.fromstring(render_ecomap(_ecomap()))
    centres = [
        (float(c.get("cx")), float(c.get("cy")))
        for c in (
            _node(root, "minsei").find("s:circle", NS),
            _node(root, "cafe").find("s:ellipse", NS),
        )
    ]
    distances = [round((x * x + y * y) ** 0.5) for x, y in centres]
    assert distances[0] == distances[1] > 100


def test_svg_is_accessible_escaped_and_deterministic() -> None:
    data = Ecomap(
        person_label="<script>alert(1)</script>",
        nodes=(EcoNode("a&b", "A & B <i>", "resource", "weak"),),
    )
    svg = render_ecomap(data)
    assert "<script" not in svg and "<i>" not in svg
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find("s:title", NS).text == "エコマップ"
    assert "弱い関係：A & B <i>" in root.find("s:desc", NS).text
    assert root.find(".//s:g[@class='legend']", NS) is not None
    for element in root.iter():
        assert "style" not in element.attrib
        assert element.tag not in (S + "script", S + "style")
    assert render_ecomap(data) == svg
    assert render_ecomap(_ecomap()) == render_ecomap(_ecomap())


def test_ecomap_without_nodes_and_duplicate_ids() -> None:
    root = ET.fromstring(render_ecomap(Ecomap(person_label="A")))
    assert "関係先の記録なし" in root.find("s:desc", NS).text
    with pytest.raises(ValueError):
        render_ecomap(Ecomap("A", nodes=(EcoNode("x", "X"), EcoNode("x", "Y"))))
