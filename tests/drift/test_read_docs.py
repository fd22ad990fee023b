"""read_docs and read_page: method pages into DocMethod records."""

from __future__ import annotations

import re

import pytest

from conformance.drift import NotADocsCheckout, read_docs, read_page


def test_every_method_page_is_read_under_the_name_in_its_title(docs_root):
    assert sorted(read_docs(docs_root)) == [
        "biconnector.connector.get",
        "biconnector.connector.list",
        "biconnector.table.add",
    ]


def test_error_codes_keep_their_exact_text_whatever_the_markup(docs_root):
    codes = read_docs(docs_root)["biconnector.connector.get"].error_codes
    assert codes == {
        "VALIDATION_ID_NOT_PROVIDED": "ID is missing.",
        "VALIDATION_INVALID_ID_FORMAT": "ID must be a positive integer.",
        "CONNECTOR_NOT_FOUND": "Connector was not found.",
        "CONNECTOR_GONE": "Connector was removed.",
        "0": "Something failed.",
    }


def test_a_dash_code_is_the_numeric_zero_error(docs_root):
    assert read_docs(docs_root)["biconnector.table.add"].error_codes == {"0": "Error adding table"}


def test_get_result_fields_come_from_the_table_result_item_links_to(docs_root):
    assert read_docs(docs_root)["biconnector.connector.get"].result_fields == ("id", "title", "logo")


def test_a_result_row_without_a_table_of_its_own_gives_no_fields(docs_root):
    assert read_docs(docs_root)["biconnector.table.add"].result_fields == ()


def test_parameters_follow_detail_links_into_nested_tables_without_looping(docs_root):
    assert read_docs(docs_root)["biconnector.table.add"].params == (
        "fields",
        "fields.name",
        "fields.csvDelimiter",
        "fields.csvEncoding",
        "fields.fields",
        "fields.fields.name",
        "fields.fields.type",
    )


def test_a_parameter_link_into_the_response_section_is_not_followed(docs_root):
    assert read_docs(docs_root)["biconnector.connector.list"].params == ("select", "filter", "order", "page")


def test_a_page_without_a_method_title_is_named_after_its_file():
    page = read_page(
        "Some text.\n\n## Method Parameters\n\nNone.\n", fallback_name="biconnector-table-fields-update"
    )
    assert page.name == "biconnector.table.fields.update"
    assert page.params == ()


def test_a_folder_without_method_pages_is_not_a_checkout(tmp_path):
    with pytest.raises(
        NotADocsCheckout, match="Expected a b24restdocs checkout with api-reference/biconnector"
    ):
        read_docs(tmp_path)


def test_a_folder_inside_a_checkout_gets_a_hint_at_its_root(docs_root):
    with pytest.raises(NotADocsCheckout, match=re.escape(f"Perhaps you meant {docs_root}?")):
        read_docs(docs_root / "api-reference" / "biconnector" / "connector")


def test_a_page_with_no_method_name_anywhere_says_so():
    with pytest.raises(
        ValueError, match=re.escape("Expected a biconnector.* method name in the page title 'Intro'")
    ):
        read_page("# Intro\n\nNothing here.\n")
