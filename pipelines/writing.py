"""Writing every table's rows, and the rows a warehouse rejects, as dead letters."""
from __future__ import annotations

import apache_beam as beam

from transforms.warehouse import WarehouseSpec, WriteToWarehouse


def write_tables(rows: dict[str, beam.PCollection], warehouse: WarehouseSpec) -> None:
    """Write each table's rows; rows the warehouse rejects go to dead_letters (stage
    "write"). A dead letter that is rejected in turn is only counted."""
    rejected = []
    for table, collection in rows.items():
        label = "".join(part.title() for part in table.split("_"))
        rejected.append(collection | f"Write{label}" >> WriteToWarehouse(warehouse, table))
    (rejected
     | "CollectRejectedRows" >> beam.Flatten()
     | "WriteRejectedRows" >> WriteToWarehouse(warehouse, "dead_letters"))
