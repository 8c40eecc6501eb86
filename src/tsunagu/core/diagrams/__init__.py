"""Genograms and ecomaps drawn as standalone SVG from plain data (no database access).

The case pages and the PDFs feed these functions from their own records; see
``genogram.py``, ``household.py`` (a genogram from household memberships) and ``ecomap.py``.
"""
