"""Rewards: award lists priced by the rules in force. Reads other areas' rows, never writes them.

Modules:
rules        base salary, rounding, collective multiplier, award catalogue (effective-dated)
eligibility  who may qualify for which title, with reasons; staff year ratings
awards       award lists draft -> submitted -> approved -> locked, items and amounts
exports      XLSX, CSV and the DOCX decision annex
"""
