"""Site extractors: one module per site or publishing platform, each registering its hosts."""
