"""Issue 12, item 4, read off the source: one catalogue of event names (none built with
f-strings) and no import cycle between the approvals permissions and its models."""


def test_no_event_names_are_built_with_f_strings():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"""(record_event|event_entry|transition_entry|event=)\(?\s*f["']""")
    offenders = [
        str(path.relative_to(root))
        for app in ("accounts", "approvals", "grants", "providers", "audit", "dashboards")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []


def test_approvals_permissions_do_not_import_its_models():
    import ast
    import pathlib

    source = pathlib.Path(__file__).resolve().parents[2] / "approvals" / "permissions.py"
    tree = ast.parse(source.read_text())
    runtime_imports = [
        node.module
        for node in tree.body  # module level only: TYPE_CHECKING blocks are not run
        if isinstance(node, ast.ImportFrom)
    ]
    assert "models" not in runtime_imports
