"""Aggregates and their events: the förbund, insatser, vouchers, fiscal years, board meetings."""
