"""scraper: fetch news pages, extract articles and comments, write JSON Lines."""

__version__ = "0.1.0"
