"""The YFM table and heading reader."""

from __future__ import annotations

from conformance.drift._yfm import bold_names, local_anchor, parse_page, plain


def page_text(docs_root, name):
    return next(docs_root.rglob(name)).read_text(encoding="utf-8")


def test_a_row_spans_several_lines_until_its_closing_bars(docs_root):
    page = parse_page(page_text(docs_root, "biconnector-connector-get.md"))
    params = page.own_table(page.find("method parameters", level=2))
    assert [plain(cells[0]) for cells in params.rows] == [
        "Name `type`",
        "id* [`integer`](../../data-types.md)",
    ]
    description = params.rows[1][1]
    assert "A second paragraph" in description
    assert "without closing the row" in description
    assert "`|`" in description, "a bar inside a code span must not split the cell"


def test_a_blank_line_between_rows_does_not_end_the_table(docs_root):
    page = parse_page(page_text(docs_root, "biconnector-connector-get.md"))
    errors = page.own_table(page.find("possible error codes"))
    assert errors.header == ("code", "description", "value")
    assert [plain(row[0]) for row in errors.body] == [
        "VALIDATION_ID_NOT_PROVIDED",
        "VALIDATION_INVALID_ID_FORMAT",
        "CONNECTOR_NOT_FOUND",
        "CONNECTOR_GONE",
        "Empty value",
    ]
    assert plain(errors.body[2][2]) == "Missing or another application's connector"


def test_code_blocks_hide_tables_and_headings(docs_root):
    page = parse_page(page_text(docs_root, "biconnector-connector-get.md"))
    assert all("not a heading" not in h.text for h in page.headings)
    cells = [cell for table in page.tables for row in table.rows for cell in row]
    assert not any("ghost" in cell for cell in cells)
    assert len(page.tables) == 4


def test_a_code_block_inside_a_cell_stays_in_the_cell(docs_root):
    page = parse_page(page_text(docs_root, "biconnector-connector-list.md"))
    params = page.own_table(page.find("method parameters", level=2))
    names = [name for row in params.body for name, _ in bold_names(row[0])]
    assert names == ["select", "filter", "order", "page"]
    assert '"a || b"' in params.body[1][1]


def test_a_nested_table_belongs_to_its_cell():
    text = (
        "#|\n|| **Name** | **Description** ||\n"
        "|| **a** | outer\n#|\n|| x | y ||\n|#\n||\n"
        "|| **b** | two ||\n|#\n"
    )
    (table,) = parse_page(text).tables
    assert [plain(row[0]) for row in table.body] == ["a", "b"]
    assert "|| x | y ||" in table.body[0][1]


def test_headings_carry_their_anchor():
    page = parse_page("# Title\n\n#### The item object {#item}\n")
    assert [(h.level, h.text, h.anchor) for h in page.headings] == [
        (1, "Title", None),
        (4, "The item object", "item"),
    ]


def test_bold_names_mark_the_required_ones():
    assert bold_names("**fields***\n[`object`](../../data-types.md)") == [("fields", True)]
    assert bold_names("**csvDelimiter**, **csvEncoding**\n[`string`](x)") == [
        ("csvDelimiter", False),
        ("csvEncoding", False),
    ]


def test_local_anchor_skips_links_to_other_pages():
    assert local_anchor("see [(detailed description)](./index.md#urlCheck)") is None
    assert local_anchor("[Detailed description below](#fields) and [x](#other)") == "fields"


def test_plain_drops_markup_around_a_cell():
    assert plain(" `Error adding dataset` ") == "Error adding dataset"
    assert plain("`ACCESS_DENIED`") == "ACCESS_DENIED"
    assert (
        plain("Unknown parameters detected: #LIST\\_OF\\_PARAMS#.")
        == "Unknown parameters detected: #LIST_OF_PARAMS#."
    )
    assert plain("two\n   lines") == "two lines"
