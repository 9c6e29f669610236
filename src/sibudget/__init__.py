"""sibudget: a tested warehouse of Chinese social insurance fund budget disclosures."""

__version__ = "0.1.0"
