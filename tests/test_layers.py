"""Lower layers never import higher ones (design.md): checked on every `import fzcheck…` in the source,
lazy imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "fzcheck"

# Each module's layer; a module may import only modules of its own layer or below.
LAYERS = [
    {"errors", "resources", "textfold", "paths", "model", "spool", "__init__"},
    {"headings", "ingest", "matching", "words", "fingerprint", "yamlfile", "patterns", "walk"},
    {"normalize", "structure", "metadata", "outline", "cutoff", "enumeration"},
    {"ruleset", "params", "profiles", "facts", "kinds", "engine", "scoring", "suppression", "stats", "docs", "config"},
    {"api", "executors", "copies", "examples"},
    {"formats", "gate", "run", "outputs", "pieces", "stream"},
    {"cli", "serve", "annotate", "__main__"},
]


def layer_of(module: str) -> int:
    top = module.split(".")[1] if module.startswith("fzcheck.") else module
    for number, names in enumerate(LAYERS):
        if top in names:
            return number
    raise AssertionError(f"module fzcheck.{top} has no layer in tests/test_layers.py")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("fzcheck"):
            names = [node.module] if node.module != "fzcheck" else [f"fzcheck.{a.name}" for a in node.names]
            found.update(n for n in names if n != "fzcheck" and not n.endswith(".__version__"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("fzcheck."))
    return found


def test_no_module_imports_a_higher_layer():
    upward = []
    for path in SRC.rglob("*.py"):
        module = "fzcheck." + ".".join(path.relative_to(SRC).with_suffix("").parts)
        own = layer_of(module if module != "fzcheck.__init__" else "fzcheck.__init__")
        for target in imports(path):
            if layer_of(target) > own:
                upward.append(f"{module} → {target}")
    assert upward == []
