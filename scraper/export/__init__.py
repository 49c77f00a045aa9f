"""Exporters: one module per output format, chosen by name from ``EXPORTERS``."""

from scraper.export.jsonl import ErrorRecord, JsonlExporter, record_key

EXPORTERS = {"jsonl": JsonlExporter}

__all__ = ["EXPORTERS", "ErrorRecord", "JsonlExporter", "record_key"]
