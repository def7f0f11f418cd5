"""Tests of crm_lessons.identify.clustering: k-means on RFM, described and compared."""

import pandas as pd
import pytest

from crm_lessons import identify
from crm_lessons.errors import CRMDataError


def two_groups():
    """Three recent big frequent buyers and three old one-off small buyers."""
    return pd.DataFrame({"customer_id": range(6), "recency_days": [1, 2, 3, 300, 301, 302],
                         "frequency": [9, 8, 9, 1, 1, 2],
                         "monetary": [900.0, 800.0, 850.0, 10.0, 12.0, 11.0]})


def test_kmeans_finds_the_two_obvious_groups_and_numbers_the_bigger_spenders_first():
    labels = identify.kmeans_segments(two_groups(), k=2)
    assert labels.tolist() == [0, 0, 0, 1, 1, 1]
    # the same answer from the same random_state
    assert identify.kmeans_segments(two_groups(), k=2).tolist() == labels.tolist()


def test_choose_k_prefers_two_clusters_for_two_groups():
    table = identify.choose_k(two_groups(), ks=[2, 3, 4])
    assert table["k"].tolist() == [2, 3, 4]
    assert table.loc[table["silhouette"].idxmax(), "k"] == 2
    assert table["inertia"].is_monotonic_decreasing
    with pytest.raises(CRMDataError, match="more clusters than the customers"):
        identify.choose_k(two_groups(), ks=[2, 7])
    with pytest.raises(CRMDataError, match="k should be a whole number of at least 2"):
        identify.kmeans_segments(two_groups(), k=1)


def test_describe_clusters_speaks_marketing():
    rfm = two_groups()
    labels = identify.kmeans_segments(rfm, k=2)
    segments = identify.rfm_segments(identify.rfm_scores(rfm))
    desc = identify.describe_clusters(rfm, labels, segments)
    assert desc.loc[0, "description"] == "bought recently, frequent, big spenders"
    assert desc.loc[1, "description"] == "long gone, one-off, small spenders"
    assert desc["customers"].tolist() == [3, 3]
    assert desc.loc[0, "revenue_share"] > 0.9
    assert desc.loc[0, "main_segment"] == "champions"
    with pytest.raises(CRMDataError, match="one cluster number per row"):
        identify.describe_clusters(rfm, pd.Series([0, 1]))


def test_cluster_vs_segment_is_a_crosstab():
    tab = identify.cluster_vs_segment(pd.Series([0, 0, 1]), pd.Series(["a", "b", "b"]))
    assert tab.loc[0].tolist() == [1, 1] and tab.loc[1].tolist() == [0, 1]
    shares = identify.cluster_vs_segment(pd.Series([0, 0, 1]), pd.Series(["a", "b", "b"]),
                                         normalize=True)
    assert shares.sum(axis=1).tolist() == [1.0, 1.0]
    with pytest.raises(CRMDataError, match="same customers"):
        identify.cluster_vs_segment(pd.Series([0]), pd.Series(["a", "b"]))


def test_clustering_names_bad_tables_and_settings():
    with pytest.raises(CRMDataError, match="rfm.monetary should hold numbers"):
        identify.kmeans_segments(two_groups().assign(monetary="a lot"), k=2)
    with pytest.raises(CRMDataError, match="DataFrame"):
        identify.describe_clusters("rfm", pd.Series([0]))
    with pytest.raises(CRMDataError, match="k should be a whole number of at least 2"):
        identify.kmeans_segments(two_groups(), k=True)
    with pytest.raises(CRMDataError, match="random_state should be a whole number of at least 0"):
        identify.kmeans_segments(two_groups(), k=2, random_state=-1)
    with pytest.raises(CRMDataError, match="n_init should be a whole number of at least 1"):
        identify.choose_k(two_groups(), ks=[2], n_init=0)
    with pytest.raises(CRMDataError, match="sample_size should be a whole number of at least 2"):
        identify.choose_k(two_groups(), ks=[2], sample_size=1.5)
    with pytest.raises(CRMDataError, match="ks should be a list"):
        identify.choose_k(two_groups(), ks=5)
