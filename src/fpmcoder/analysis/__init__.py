"""Sequence statistics and inter-coder agreement (pandas/numpy over :mod:`fpmcoder.core`).

Every function takes :class:`~fpmcoder.core.sequence.CodedSequence` objects and the
:class:`~fpmcoder.core.codebook.Codebook` and returns tidy pandas DataFrames. Definitions,
formulas and the treatment of uncoded segments: ``docs/statistics.md``.
"""

from fpmcoder.analysis.agreement import AgreementResult, Aligned, agreement, align
from fpmcoder.analysis.cluster import cluster_quality, medoids, pam, quality_table, ward_clusters
from fpmcoder.analysis.dilemmas import dilemma_activity_table, dilemma_frequencies
from fpmcoder.analysis.distance import distance_matrix, lcs_distance, lcs_length, om_distance
from fpmcoder.analysis.reliability import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from fpmcoder.analysis.sequence import activity_stats, sequence_stats
from fpmcoder.analysis.tables import to_markdown, to_text, write_tables
from fpmcoder.analysis.transitions import transition_statistics, transition_table
from fpmcoder.analysis.turbulence import count_distinct_subsequences, entropy, turbulence
from fpmcoder.analysis.typology import Typology, typology

__all__ = [
    "AgreementResult",
    "Aligned",
    "Typology",
    "activity_stats",
    "agreement",
    "align",
    "cluster_quality",
    "cohen_kappa",
    "count_distinct_subsequences",
    "dilemma_activity_table",
    "dilemma_frequencies",
    "distance_matrix",
    "entropy",
    "fleiss_kappa",
    "krippendorff_alpha",
    "lcs_distance",
    "lcs_length",
    "medoids",
    "om_distance",
    "pam",
    "percent_agreement",
    "quality_table",
    "sequence_stats",
    "to_markdown",
    "to_text",
    "transition_statistics",
    "transition_table",
    "turbulence",
    "typology",
    "ward_clusters",
    "write_tables",
]
