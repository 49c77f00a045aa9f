"""Exporters: one module per output format, chosen by name from ``EXPORTERS``."""

from scraper.export.jsonl import JsonlExporter, record_key
from scraper.records import ErrorRecord

EXPORTERS = {"jsonl": JsonlExporter}

__all__ = ["EXPORTERS", "ErrorRecord", "JsonlExporter", "record_key"]
