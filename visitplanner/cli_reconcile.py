"""What `import visit` says about the organisations, people, venues and rooms the database
already has with other values, and which side it kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from visitplanner.domain.formatting import printable
from visitplanner.services.visitfile_reconcile import ItemDifference, Prefer


def print_differences(differences: Sequence[ItemDifference], prefer: Prefer, out: TextIO) -> None:
    """Every difference, one item a block, saying whose values the import keeps."""
    if not differences:
        return
    kept = "the file's values replace the database's" if prefer is Prefer.FILE else "the database's values are kept"
    print(
        f"{len(differences)} item{'s' if len(differences) != 1 else ''} already in the database differ from the "
        f"file ({kept}; --prefer {'database' if prefer is Prefer.FILE else 'file'} for the other way):",
        file=out,
    )
    for item in differences:
        print(f"  {printable(item.name)} ({item.key}):", file=out)
        for field in item.fields:
            print(
                f"    {field.label}: database '{printable(field.database)}', file '{printable(field.file)}'",
                file=out,
            )
