"""fpmcoder: code partnership interactions and draw activity-sequence grids."""

__version__ = "0.1.0"

__all__ = ["__version__"]
