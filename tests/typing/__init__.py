"""User code checked by mypy and pyright, compared with the committed output."""
