"""The named classes of `fields` payloads for add and update, the facts they need, and one generated case."""

from __future__ import annotations

from dataclasses import dataclass, field

from conformance.contract import Method

from ._classes import ENCODINGS

_ANY = frozenset(ENCODINGS)
_JSON = frozenset({"json"})
_BOTH = frozenset({"add", "update"})
_ADD = frozenset({"add"})
_COLUMNS = frozenset({"add", "fields.update"})  # table.add's columns and fields.update's add list
_LISTS = frozenset({"fields.update"})
_TABLES = frozenset({"table"})  # the family: table.* and dataset.* alike


@dataclass(frozen=True)
class FieldsFacts:
    """What the suite knows about the target's objects, for fields payloads."""

    existing: int | None = None  # the object an update changes (of the method's own entity)
    unknown: int = 2**62 + 17  # an id that no object has
    connector: int | None = None  # a connector of the caller's application (source.add connectorId)
    source: int | None = None  # a source of the caller's application (table.add sourceId)
    title_prefix: str = (
        ""  # put before valid titles (and table names, with _ for -) to mark the run's objects
    )
    existing_name: str | None = None  # a table name the portal already holds (table.add NAME_EXISTS)
    existing_columns: tuple[dict, ...] = ()  # the columns of facts.existing as get shows them (fields.update)

    def reference(self, title: str) -> int | None:
        """The id a reference field such as connectorId should name, when the suite knows one."""
        return {"connectorId": self.connector, "sourceId": self.source}.get(title)


@dataclass(frozen=True)
class FieldsCase:
    """One fields payload: its class, the body encoding, and the params to send (id included for update)."""

    input_class: str
    encoding: str
    params: dict = field(hash=False)

    @property
    def fields(self) -> object:
        """The fields value, or None when the params hold none."""
        return self.params.get("fields")


@dataclass(frozen=True)
class FieldClass:
    """A named kind of fields payload: which actions and encodings it applies to, and its module code."""

    name: str
    description: str
    module_code: str | None  # what the module answers (None: success; "0": a code-less Bitrix Error)
    actions: frozenset[str] = _BOTH
    encodings: frozenset[str] = _ANY
    schema_valid: bool = False  # whether every JSON payload satisfies the method's params schema
    # Entity families (Method.storage) it applies to; None: every one whose schema has what it needs.
    entities: frozenset[str] | None = None
    codes: tuple[tuple[str, str], ...] = ()  # ("entity.action", code) where one method answers otherwise
    needs: str | None = None  # the FieldsFacts attribute the class needs beyond the usual ones

    def code_for(self, method: Method) -> str | None:
        """The code the module answers for this class on method (module_code unless overridden)."""
        return dict(self.codes).get(f"{method.entity}.{method.action}", self.module_code)


FIELD_CLASSES: tuple[FieldClass, ...] = (
    FieldClass(
        "fields.valid", "Every required field, some optional ones, all well typed.", None, schema_valid=True
    ),
    FieldClass(
        "fields.missing",
        "No usable fields: absent, an empty array or object, or a scalar such as a string or a number.",
        "VALIDATION_FIELDS_NOT_PROVIDED",
    ),
    FieldClass(
        "fields.unknown-parameter",
        "A payload with keys the schema does not name (case matters: Title is unknown), and sometimes "
        "other faults too, which the unknown keys outrank.",
        "VALIDATION_UNKNOWN_PARAMETERS",
    ),
    FieldClass(
        "fields.missing-required",
        "A valid payload without one or more required fields.",
        "VALIDATION_REQUIRED_FIELD_MISSING",
        actions=frozenset({"add"}),
    ),
    FieldClass(
        "fields.read-only", "A valid payload plus one or more read-only fields.", "VALIDATION_READ_ONLY_FIELD"
    ),
    FieldClass(
        "fields.immutable",
        "A valid update plus one or more immutable fields.",
        "VALIDATION_IMMUTABLE_FIELD",
        actions=frozenset({"update"}),
    ),
    FieldClass(
        "fields.wrong-type",
        "A valid payload with fields of a type the module rejects: a number for a string, a word for "
        "an integer, a string for an array, anything but true or false for a boolean.",
        "VALIDATION_INVALID_FIELD_TYPE",
    ),
    FieldClass(
        "fields.loose-type",
        'Integers the module accepts (PHP is_numeric) and the docs do not: " 12", "12.0", "+12", 1.5.',
        None,
    ),
    FieldClass(
        "fields.unknown-connector",
        "A valid source add whose connectorId names no connector of the caller.",
        "CONNECTOR_NOT_FOUND",
        actions=frozenset({"add"}),
        schema_valid=True,
        entities=frozenset({"source"}),
    ),
    FieldClass(
        "fields.unknown-source",
        "A valid table add whose sourceId names no source of the caller.",
        "SOURCE_NOT_FOUND",
        actions=frozenset({"add"}),
        schema_valid=True,
        entities=_TABLES,
    ),
    FieldClass(
        "fields.update-without-title",
        "A source update that leaves out the title, which the module wants every time.",
        "0",
        actions=frozenset({"update"}),
        entities=frozenset({"source"}),
    ),
    FieldClass(
        "fields.settings-missing-key",
        "Connector settings with an item that lacks code, name or type.",
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS",
        entities=frozenset({"connector"}),
    ),
    FieldClass(
        "fields.settings-name-too-long",
        "Connector settings with an item whose name has 512 characters or more.",
        "VALIDATION_SETTINGS_NAME_TOO_LONG",
        entities=frozenset({"connector"}),
    ),
    FieldClass(
        "fields.settings-code-too-long",
        "Connector settings with an item whose code has 512 characters or more.",
        "VALIDATION_SETTINGS_CODE_TOO_LONG",
        entities=frozenset({"connector"}),
    ),
    FieldClass(
        "fields.settings-invalid-type",
        'Connector settings with an item whose type is not STRING or INT ("string", "Int", "TEXT").',
        "VALIDATION_SETTINGS_INVALID_TYPE",
        entities=frozenset({"connector"}),
    ),
    FieldClass(
        "fields.table-name-invalid",
        'A table add whose name breaks ^[a-z][a-z0-9_]*$: "Sales", "1st", "a-b", "_x".',
        "VALIDATION_DATASET_NAME_INVALID",
        actions=_ADD,
        entities=_TABLES,
    ),
    FieldClass(
        "fields.table-name-too-long",
        "A table add whose well-formed name has more than 230 characters.",
        "VALIDATION_DATASET_NAME_TOO_LONG",
        actions=_ADD,
        entities=_TABLES,
    ),
    FieldClass(
        "fields.columns-empty",
        "A table add whose columns are an empty array (JSON only: a form body drops it).",
        "FIELDS_EMPTY",
        actions=_ADD,
        encodings=_JSON,
        entities=_TABLES,
    ),
    FieldClass(
        "fields.column-missing-key",
        "A table add with a column that lacks name, externalCode or type.",
        "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS",
        actions=_ADD,
        entities=_TABLES,
    ),
    FieldClass(
        "fields.column-name-invalid",
        'A column (table add, fields.update add) whose name breaks ^[A-Z][A-Z0-9_]*$: "id", "1A", "A-B".',
        "VALIDATION_FIELD_NAME_INVALID_FORMAT",
        actions=_COLUMNS,
        entities=_TABLES,
    ),
    FieldClass(
        "fields.column-name-too-long",
        "A column whose well-formed name has more than 32 characters.",
        "VALIDATION_FIELD_NAME_TOO_LONG",
        actions=_COLUMNS,
        entities=_TABLES,
    ),
    FieldClass(
        "fields.column-type-invalid",
        'A column whose type is not one of the lowercase types ("INT", "String", "text").',
        "VALIDATION_FIELD_INVALID_TYPE",
        actions=_COLUMNS,
        entities=_TABLES,
    ),
    FieldClass(
        "fields.duplicate-column-names",
        "Two columns with one name and different external codes.",
        "VALIDATION_DUPLICATE_FIELD_NAME",
        actions=_COLUMNS,
        schema_valid=True,  # JSON Schema cannot say that items differ in one key
        entities=_TABLES,
        codes=(("table.add", "DUPLICATE_FIELDS"),),
    ),
    FieldClass(
        "fields.duplicate-column-codes",
        "Two columns with one externalCode and different names.",
        "VALIDATION_DUPLICATE_FIELD_CODE",
        actions=_COLUMNS,
        schema_valid=True,
        entities=_TABLES,
    ),
    FieldClass(
        "fields.table-name-exists",
        "A valid table add whose name a table of the portal already has (names are portal-wide).",
        "NAME_EXISTS",
        actions=_ADD,
        schema_valid=True,
        entities=_TABLES,
        codes=(("dataset.add", "DATASET_ALREADY_EXIST"),),
        needs="existing_name",
    ),
    FieldClass(
        "fields.columns-in-update",
        "A table update that carries columns, which only fields.update changes.",
        "INVALID_METHOD",
        actions=frozenset({"update"}),
        entities=_TABLES,
    ),
    FieldClass(
        "fields.lists-valid",
        "fields.update adding new columns, showing or hiding the table's columns, deleting its column ids.",
        None,
        actions=_LISTS,
        schema_valid=True,
    ),
    FieldClass(
        "fields.lists-not-array",
        "fields.update whose add, update or delete is a scalar, which the module skips.",
        None,
        actions=_LISTS,
    ),
    FieldClass(
        "fields.add-missing-key",
        "fields.update adding a column that lacks name, externalCode or type.",
        "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS",
        actions=_LISTS,
    ),
    FieldClass(
        "fields.update-missing-key",
        "fields.update changing a column without its id or its visible flag.",
        "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS",
        actions=_LISTS,
    ),
    FieldClass(
        "fields.delete-invalid-id",
        'fields.update deleting an id that is not a positive integer (0, -3, "abc").',
        "VALIDATION_FIELD_DELETE_INVALID_ID",
        actions=_LISTS,
    ),
    FieldClass(
        "fields.add-existing-code",
        "fields.update adding a column with the externalCode of one the table has.",
        "VALIDATION_DUPLICATE_EXIST_CODE",
        actions=_LISTS,
        schema_valid=True,
        needs="existing_columns",
    ),
    FieldClass(
        "fields.add-existing-name",
        "fields.update adding a column with the name of one the table has.",
        "VALIDATION_DUPLICATE_EXIST_NAME",
        actions=_LISTS,
        schema_valid=True,
        needs="existing_columns",
    ),
    FieldClass(
        "fields.lists-unknown-table",
        "Valid fields.update lists for a table id that names no table of the caller.",
        "DATASET_NOT_FOUND",
        actions=_LISTS,
        schema_valid=True,
    ),
    FieldClass(
        "fields.lists-unknown-table-bad-add",
        "fields.update of an unknown table adding a column without keys: the lists are checked first.",
        "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS",
        actions=_LISTS,
    ),
)

_BY_NAME = {cls.name: cls for cls in FIELD_CLASSES}


def field_class(name: str) -> FieldClass:
    """The fields input class called name."""
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(_BY_NAME)
        raise KeyError(f"Expected a fields input class among {known}; got {name!r}") from None
