"""Analyst review of extracted facts (`log`: accept, correct, reject, merge entities, with who,
when and why). It reads the warehouse and the reference data, never fetches. Nothing is
imported here.
"""
