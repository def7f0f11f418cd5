"""k-means segments on standardised RFM, the choice of k, clusters described in marketing
words and compared with the rule-based segments. scikit-learn loads inside the functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_lessons.errors import (
    CRMDataError,
    require_whole_number,
)
from crm_lessons.identify.checks import require_rfm


def _rfm_features(rfm: pd.DataFrame, log: bool) -> np.ndarray:
    rfm = require_rfm(rfm)
    x = rfm[["recency_days", "frequency", "monetary"]].to_numpy(dtype=float)
    if log:
        x = np.log1p(x)
    sd = x.std(axis=0)
    sd[sd == 0] = 1.0
    return (x - x.mean(axis=0)) / sd


def _cluster_count(k: object, n: int, name: str = "k") -> int:
    """`k` checked as a number of clusters: a whole number from 2 to the `n` customers."""
    k = require_whole_number(k, name, minimum=2,
                             fix="k-means needs at least two clusters, e.g. k=4.")
    if k > n:
        raise CRMDataError(f"{name}: k={k} is more clusters than the customers in rfm ({n}); "
                           f"choose a smaller k or pass more customers.")
    return k


def _fit_settings(random_state: object, n_init: object) -> tuple[int, int]:
    """The seed (0 or more) and the number of k-means starts (1 or more), checked."""
    return (require_whole_number(random_state, "random_state", minimum=0,
                                 fix="Pass a seed such as 0."),
            require_whole_number(n_init, "n_init", minimum=1,
                                 fix="Pass how many times k-means starts, e.g. 3."))


def kmeans_segments(rfm: pd.DataFrame, k: int = 4, random_state: int = 0, n_init: int = 3,
                    log: bool = True) -> pd.Series:
    """Cluster customers with k-means on standardised recency, frequency and monetary value.

    Each column is log-transformed (``log=True``: spending and order counts are very skewed,
    a few big customers would otherwise form clusters of their own) and standardised to mean 0
    and standard deviation 1, so days, orders and euros weigh the same. Clusters are numbered
    from the highest average spend (0) to the lowest, so the numbers mean the same from run to
    run.

    Returns
    -------
    Series named cluster (int) aligned with `rfm`.

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": [1, 2, 3, 4], "recency_days": [1, 2, 300, 310],
    ...                     "frequency": [9, 8, 1, 1], "monetary": [900, 800, 10, 12]})
    >>> kmeans_segments(rfm, k=2).tolist()
    [0, 0, 1, 1]
    """
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    x = _rfm_features(rfm, log)
    k = _cluster_count(k, len(x))
    random_state, n_init = _fit_settings(random_state, n_init)
    with threadpool_limits(1):  # a few thousand rows: one thread is several times faster
        model = KMeans(n_clusters=k, random_state=random_state, n_init=n_init).fit(x)
    labels = model.labels_
    spend = pd.Series(rfm["monetary"].to_numpy(dtype=float)).groupby(labels).mean()
    rank = spend.rank(ascending=False, method="first").astype(int) - 1
    return pd.Series(rank.reindex(labels).to_numpy(), index=rfm.index, name="cluster")


def choose_k(rfm: pd.DataFrame, ks: object = range(2, 9), random_state: int = 0,
             n_init: int = 3, sample_size: int = 1000, log: bool = True) -> pd.DataFrame:
    """Inertia and silhouette of k-means for each number of clusters in `ks`.

    Inertia (within-cluster sum of squares) always falls as k grows: look for the elbow where
    it stops falling fast. The silhouette (-1 to 1) is highest where clusters are compact and
    well apart; it is computed on a fixed random sample of `sample_size` customers for speed.

    Returns
    -------
    DataFrame with k, inertia, silhouette.

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": range(6), "recency_days": [1, 2, 3, 300, 301, 302],
    ...                     "frequency": [9, 8, 9, 1, 1, 2], "monetary": [900, 800, 850, 10, 12, 11]})
    >>> int(choose_k(rfm, ks=[2, 3]).sort_values("silhouette").iloc[-1]["k"])
    2
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from threadpoolctl import threadpool_limits

    x = _rfm_features(rfm, log)
    try:
        ks = [_cluster_count(k, len(x), "ks") for k in ks]
    except TypeError as exc:
        raise CRMDataError(f"ks should be a list of cluster counts such as range(2, 9), "
                           f"but got {ks!r}.") from exc
    if not ks:
        raise CRMDataError("ks is empty; pass cluster counts such as range(2, 9).")
    random_state, n_init = _fit_settings(random_state, n_init)
    sample_size = require_whole_number(sample_size, "sample_size", minimum=2,
                                       fix="Pass how many customers the silhouette uses, e.g. "
                                           "1000.")
    rows = []
    with threadpool_limits(1):  # a few thousand rows: one thread is several times faster
        for k in ks:
            model = KMeans(n_clusters=k, random_state=random_state, n_init=n_init).fit(x)
            if len(set(model.labels_)) > 1 and len(x) > k:
                sil = silhouette_score(x, model.labels_, sample_size=min(sample_size, len(x)),
                                       random_state=random_state)
            else:
                sil = float("nan")
            rows.append((k, float(model.inertia_), float(sil)))
    return pd.DataFrame(rows, columns=["k", "inertia", "silhouette"])


def describe_clusters(rfm: pd.DataFrame, labels: pd.Series,
                      segments: pd.Series | None = None) -> pd.DataFrame:
    """Describe each cluster in marketing words.

    For each cluster: its size and share of customers and revenue, median recency, frequency
    and spend, and a description built from how its medians compare with all customers
    ("bought recently" / "lapsing" / "long gone"; "frequent" / "occasional" / "one-off";
    "big" / "middling" / "small spenders"). With `segments`, also the rule-based segment most
    of its customers belong to.

    Examples
    --------
    >>> rfm = pd.DataFrame({"customer_id": [1, 2, 3, 4], "recency_days": [1, 2, 300, 310],
    ...                     "frequency": [9, 8, 1, 1], "monetary": [900, 800, 10, 12]})
    >>> describe_clusters(rfm, pd.Series([0, 0, 1, 1]))["description"].tolist()[0]
    'bought recently, frequent, big spenders'
    """
    rfm = require_rfm(rfm)
    if not isinstance(labels, pd.Series) or len(labels) != len(rfm):
        raise CRMDataError("labels should be a Series with one cluster number per row of rfm, "
                           "e.g. kmeans_segments(rfm).")
    lab = labels.to_numpy()
    data = rfm[["recency_days", "frequency", "monetary"]].astype(float).reset_index(drop=True)
    data["cluster"] = lab
    g = data.groupby("cluster", sort=True)
    out = pd.DataFrame({
        "customers": g.size(),
        "recency_days": g["recency_days"].median(),
        "frequency": g["frequency"].median(),
        "monetary": g["monetary"].median(),
        "revenue": g["monetary"].sum(),
    })
    out["customer_share"] = out["customers"] / out["customers"].sum()
    out["revenue_share"] = out["revenue"] / out["revenue"].sum()

    def words(col: str, names: list[str], reverse: bool = False) -> np.ndarray:
        q1, q2 = data[col].quantile([1 / 3, 2 / 3]).to_numpy()
        v = out[col].to_numpy()
        low, mid, high = (names[::-1] if reverse else names)
        return np.where(v > q2, high, np.where(v > q1, mid, low))

    rec = words("recency_days", ["bought recently", "lapsing", "long gone"])
    freq = words("frequency", ["one-off", "occasional", "frequent"])
    freq = np.where((out["frequency"] <= 1).to_numpy(), "one-off", freq)
    spend = words("monetary", ["small spenders", "middling spenders", "big spenders"])
    out["description"] = [", ".join(t) for t in zip(rec, freq, spend, strict=True)]
    if segments is not None:
        if not isinstance(segments, pd.Series) or len(segments) != len(rfm):
            raise CRMDataError("segments should be a Series with one segment per row of rfm.")
        tab = pd.crosstab(lab, segments.to_numpy())
        out["main_segment"] = tab.idxmax(axis=1).reindex(out.index).astype(str)
    out.index.name = "cluster"
    return out.reset_index()


def cluster_vs_segment(labels: pd.Series, segments: pd.Series,
                       normalize: bool = False) -> pd.DataFrame:
    """Crosstab of k-means clusters (rows) against rule-based segments (columns).

    With ``normalize=True`` each row holds shares of the cluster (rows sum to 1).

    Examples
    --------
    >>> cluster_vs_segment(pd.Series([0, 0, 1]), pd.Series(["a", "b", "b"])).values.tolist()
    [[1, 1], [0, 1]]
    """
    for name, s in (("labels", labels), ("segments", segments)):
        if not isinstance(s, pd.Series):
            raise CRMDataError(f"{name} should be a pandas Series, one value per customer.")
    if len(labels) != len(segments):
        raise CRMDataError(f"labels ({len(labels)} rows) and segments ({len(segments)} rows) "
                           f"should describe the same customers in the same order.")
    tab = pd.crosstab(pd.Series(labels.to_numpy(), name="cluster"),
                      pd.Series(segments.to_numpy(), name="segment"),
                      normalize="index" if normalize else False)
    if isinstance(segments.dtype, pd.CategoricalDtype):
        cats = [c for c in segments.cat.categories if c in tab.columns]
        tab = tab[cats]
    tab.columns = tab.columns.astype(str)
    tab.columns.name = "segment"
    return tab
