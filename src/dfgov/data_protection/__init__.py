"""Measure 17, data protection: detection, classification, masking, anonymity, cryptography."""
