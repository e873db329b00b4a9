"""Identifier validators and column/text detectors (private; the public names are
exported from :mod:`dfgov.data_protection`: ``is_valid``, ``kinds``, ``KINDS``,
``Kind``, ``is_unionpay``, ``find_pii``, ``mask_text``).

``is_valid(values, kind)`` checks identifiers (with their check characters) over
whole columns at once; ``find_pii(texts)`` finds identifiers inside free text.
"""

__all__: list[str] = []
