"""Extraction quality: scoring the extractor against labelled passages (`scoring`) and the
labelled sets themselves (`data/`). It runs the extractor and the news page parser, never
fetches or lands. Nothing is imported here.
"""
