"""Extractors: each module has one ``extract_x(doc, article) -> Iterator[record]`` function."""
