"""The community network drawing: ties, isolated nodes, escaping."""

import pytest

from tsunagu.core.diagrams.network import NetNode, NetTie, Network, isolated, render_network


def test_isolated_nodes_are_dashed_and_named_in_the_description():
    data = Network(
        "北部のつながり",
        (NetNode("a", "北山商店会"), NetNode("p", "サロン", "place"), NetNode("b", "子ども会")),
        (NetTie("a", "p", made=True),),
    )
    drawn = render_network(data)
    assert [n.id for n in isolated(data)] == ["b"]
    assert 'data-node="b" data-kind="actor" data-isolated="true"' in drawn
    assert 'data-node="a" data-kind="actor" data-isolated="false"' in drawn
    assert "まだつながりのないもの: 子ども会" in drawn
    assert drawn.count('class="tie made"') == 1


def test_labels_are_escaped_and_duplicate_ids_refused():
    drawn = render_network(Network("t", (NetNode("x", "<script>&"),)))
    assert "<script>" not in drawn and "&lt;script&gt;&amp;" in drawn
    with pytest.raises(ValueError):
        render_network(Network("t", (NetNode("x", "a"), NetNode("x", "b"))))
