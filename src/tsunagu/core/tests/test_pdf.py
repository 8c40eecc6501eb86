"""PDF documents: rendered to A4, read back with pypdf, Japanese text intact, no network.

The specimen document is rendered once for the module (WeasyPrint takes about a second per
small document); each test reads what it needs from it.
"""

import copy
import io
import logging
import re
import socket
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import override_settings
from django.test.client import RequestFactory
from django.utils import timezone
from pypdf import PdfReader

from tsunagu.core.pdf import pdf_response, render_pdf, static_file_for
from tsunagu.core.wareki import format_wareki

TITLE = "重層的支援体制整備事業の支援プラン"
PARAGRAPH = (
    "本人は長男（５２歳）と二人暮らしで、長男は長期にわたり就労しておらず、"
    "いわゆる「８０５０」の状態にある。地域包括支援センターと相談支援事業所が連携し、"
    "令和８年４月から定期的な訪問と、長男の社会参加に向けた支援を行っている。"
) * 3
TABLE_ROWS = 40

SPECIMEN = """{% extends "pdf/base.html" %}
{% block body %}
<h2>本人の状況</h2>
<dl class="facts">
  <dt>氏名</dt><dd>みどり　花子（ミドリ　ハナコ）</dd>
  <dt>生年月日</dt><dd>{{ birth }}</dd>
  <dt>住所</dt><dd>みどり市北町１－２－３　サンプルハイツ１０１号</dd>
</dl>
<p class="paragraph">{{ paragraph }}</p>
<figure>
  <svg width="160" height="90" viewBox="0 0 160 90" role="img">
    <circle cx="45" cy="45" r="35" fill="none" stroke="#1a1a1a" stroke-width="2"/>
    <text x="20" y="50" font-size="14">民生委員</text>
  </svg>
  <figcaption>エコマップ（例）</figcaption>
</figure>
<table>
  <thead><tr><th>記録番号</th><th>支援内容</th><th>担当機関</th></tr></thead>
  <tbody>
  {% for number in rows %}
    <tr><td>記録{{ number }}番</td><td>自宅を訪問し、生活状況を確認した。</td>
      <td>北部地域包括支援センター</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}
"""

EXTERNAL = """{% extends "pdf/base.html" %}
{% block head %}<link rel="stylesheet" href="https://fonts.example.com/noto.css">{% endblock %}
{% block body %}
<p>外部の画像は読み込まない。</p>
<img src="https://example.com/logo.png" alt="ロゴ">
<img src="http://example.com/photo.jpg" alt="写真">
<img src="file:///etc/passwd" alt="">
{% endblock %}
"""

SIGNED = """{% extends "pdf/base.html" %}{% block body %}<p>本文</p>{% endblock %}"""


def _templates() -> list[dict]:
    """The project's template settings with this module's templates in front, from memory."""
    config = copy.deepcopy(settings.TEMPLATES)
    config[0]["APP_DIRS"] = False
    config[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.locmem.Loader",
            {
                "test_pdf/specimen.html": SPECIMEN,
                "test_pdf/external.html": EXTERNAL,
                "test_pdf/signed.html": SIGNED,
            },
        ),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    return config


@pytest.fixture(scope="module")
def connections():
    """Every attempt to reach another host while rendering (each one refused)."""
    return []


@pytest.fixture(scope="module")
def render(connections):
    """render_pdf with this module's templates, and without a network while it runs."""

    def refuse(*args, **kwargs):
        connections.append(args)
        raise OSError("network access while rendering a PDF")

    def guarded_render(*args, **kwargs):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(socket, "getaddrinfo", refuse)
            patch.setattr(socket, "create_connection", refuse)
            patch.setattr(socket.socket, "connect", refuse)
            return render_pdf(*args, **kwargs)

    with override_settings(TEMPLATES=_templates()):
        yield guarded_render


@pytest.fixture(scope="module")
def specimen(render):
    pdf = render(
        "test_pdf/specimen.html",
        {"birth": "昭和16年4月1日", "paragraph": PARAGRAPH, "rows": range(1, TABLE_ROWS + 1)},
        title=TITLE,
    )
    return PdfReader(io.BytesIO(pdf))


def flat(text: str) -> str:
    """Text without whitespace: where a line breaks is layout, not content."""
    return re.sub(r"\s+", "", text)


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def test_japanese_text_reads_back_exactly(specimen):
    # when
    text = flat("".join(page_texts(specimen)))
    # then
    for expected in [
        TITLE,
        "本人の状況",
        "みどり　花子（ミドリ　ハナコ）",
        "昭和16年4月1日",
        "みどり市北町１－２－３　サンプルハイツ１０１号",
        PARAGRAPH,
    ]:
        assert flat(expected) in text
    assert specimen.metadata.title == TITLE


def test_pages_are_a4_portrait(specimen):
    for page in specimen.pages:
        assert float(page.mediabox.width) == pytest.approx(595, abs=1)
        assert float(page.mediabox.height) == pytest.approx(842, abs=1)


def test_a_long_paragraph_wraps_onto_several_lines_without_punctuation_at_a_line_start(
    specimen,
):
    # given the lines of the first page that belong to the paragraph
    lines = [line.strip() for line in page_texts(specimen)[0].splitlines()]
    paragraph_lines = [line for line in lines if line and line in PARAGRAPH]
    # then it took several lines, together the whole paragraph, none opening with 句読点 (禁則)
    assert len(paragraph_lines) >= 3
    assert flat("".join(paragraph_lines)) == flat(PARAGRAPH)
    assert not [line for line in paragraph_lines if line[0] in "、。）」"]


def test_a_long_table_continues_on_the_next_page_under_its_header(specimen):
    # given
    texts = page_texts(specimen)
    # then
    assert len(texts) >= 2
    rows_per_page = [re.findall(r"記録(\d+)番", text) for text in texts]
    assert [int(n) for rows in rows_per_page for n in rows] == list(range(1, TABLE_ROWS + 1))
    for text, rows in zip(texts, rows_per_page, strict=True):
        if rows:
            assert text.index("記録番号") < text.index(f"記録{rows[0]}番")
    assert sum(1 for rows in rows_per_page if rows) >= 2


def test_every_page_has_the_header_the_mark_the_page_number_and_the_print_date(specimen):
    # given
    texts = page_texts(specimen)
    total = len(texts)
    printed_on = format_wareki(timezone.localdate())
    # then
    for number, text in enumerate(texts, start=1):
        assert "取扱注意（個人情報）" in text
        assert f"{number} / {total}" in text
        assert TITLE in text
        assert settings.TSUNAGU_MUNICIPALITY_NAME in text
        assert flat(f"印刷日 {printed_on}") in flat(text)


def test_inline_svg_is_drawn_with_its_japanese_label(specimen):
    assert "民生委員" in page_texts(specimen)[0]
    assert "エコマップ（例）" in page_texts(specimen)[0]


def _font_names(resources) -> set[str]:
    """Every font in a resource dictionary, including those of its form XObjects (SVG)."""
    resources = resources.get_object() if resources is not None else {}
    names = {str(font.get_object()["/BaseFont"]) for font in resources.get("/Font", {}).values()}
    for xobject in resources.get("/XObject", {}).values():
        names |= _font_names(xobject.get_object().get("/Resources"))
    return names


def test_only_noto_cjk_fonts_are_embedded_so_japanese_never_falls_back_to_tofu(specimen):
    # when
    fonts = set().union(*(_font_names(page.get("/Resources")) for page in specimen.pages))
    # then: subset names look like /ABCDEF+Noto-Sans-CJK-JP-Bold
    assert fonts
    assert {font for font in fonts if not re.search(r"\+Noto-(Sans|Serif)-CJK-JP", font)} == set()
    assert any("Noto-Sans-CJK-JP" in font for font in fonts)
    assert any("Noto-Serif-CJK-JP" in font for font in fonts)


def test_external_resources_are_refused_without_network_access(render, connections, caplog):
    # when
    with caplog.at_level(logging.WARNING):
        pdf = render("test_pdf/external.html", {}, title="外部参照")
    # then the document is there, nothing was fetched, and no log names a URL's path
    assert "外部の画像は読み込まない。" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert connections == []
    assert not [r for r in caplog.records if "example.com/" in r.getMessage()]
    refused = [r.getMessage() for r in caplog.records if r.name == "tsunagu.core.pdf"]
    assert refused == [
        "PDF resource refused: https://fonts.example.com",
        "PDF resource refused: https://example.com",
        "PDF resource refused: http://example.com",
        "PDF resource refused: file://",
    ]


def test_the_static_fetcher_serves_only_static_files():
    assert static_file_for("file:///static/css/print.css").name == "print.css"
    assert static_file_for("file:///static/css/missing.css") is None
    assert static_file_for("file:///static/../config/settings.py") is None
    assert static_file_for("file:///static/%2e%2e/config/settings.py") is None
    assert static_file_for("file:///etc/passwd") is None
    assert static_file_for("https://example.com/static/css/print.css") is None
    assert static_file_for("file://example.com/static/css/print.css") is None


def test_with_a_request_the_footer_names_who_printed(render, caseworker):
    # given
    request = RequestFactory().get("/")
    request.user = caseworker
    # when
    pdf = render("test_pdf/signed.html", {}, request=request, title="支援会議録")
    # then
    text = flat(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert flat(f"印刷者 {caseworker}（{caseworker.organization}）") in text


def test_pdf_response_is_an_uncached_attachment_with_a_utf8_name():
    # when
    response = pdf_response(b"%PDF-1.7 test", "支援プラン 令和8年4月1日.pdf")
    # then
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''" + quote("支援プラン 令和8年4月1日.pdf")
    )
    assert "%E6%94%AF" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert response.content == b"%PDF-1.7 test"
