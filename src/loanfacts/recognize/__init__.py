"""Figures in text: the scanner, number words, count nouns, sentences, dates, periods and
paragraphs. Pure: no facts, no I/O; check, extract and coverage all read text through it."""
