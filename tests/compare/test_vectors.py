"""textkit.tfidf reproduces scikit-learn's TfidfTransformer(sublinear_tf=True) bit for bit:
sentence matching thresholds scores at 0.7 and reports them to 4 places, so the weighting
must not drift by even the last bit when scikit-learn is not imported."""
import numpy as np
import pytest
from scipy import sparse

from textkit.compare.vectors import SublinearTfidf, char_ngram_counts

text = pytest.importorskip("sklearn.feature_extraction.text", reason="scikit-learn is the reference (pip install -e '.[test]')")


def _reference(fit_on: sparse.csr_matrix, apply_to: sparse.csr_matrix) -> sparse.csr_matrix:
    return text.TfidfTransformer(sublinear_tf=True).fit(fit_on).transform(apply_to).tocsr()


def _same(a: sparse.csr_matrix, b: sparse.csr_matrix) -> None:
    assert a.dtype == b.dtype
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)  # exact, not approximately


@pytest.mark.parametrize("seed", range(5))
def test_random_counts_weigh_exactly_as_scikit_learn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    counts = sparse.random(300, 2000, density=0.02, format="csr", random_state=seed, dtype=np.float32)
    counts.data = rng.integers(1, 9, size=counts.nnz).astype(np.float32)
    other = counts[rng.permutation(300)[:120]] + counts[:120]
    other.sort_indices()
    _same(SublinearTfidf(counts).transform(counts), _reference(counts, counts))
    _same(SublinearTfidf(counts).transform(other), _reference(counts, other))


def test_sentence_ngrams_weigh_exactly_as_scikit_learn() -> None:
    sentences = ["本机关全年主动公开政府信息###条", "我们将进一步加强政策解读工作", "", "依申请公开办理情况良好",
                 "全年共受理政府信息公开申请###件，均按期答复"] * 7
    counts = char_ngram_counts(sentences)
    _same(SublinearTfidf(counts).transform(counts), _reference(counts, counts))


def test_transform_in_place_or_on_a_copy() -> None:
    counts = char_ngram_counts(["政务公开工作年度报告", "信息公开申请办理"])
    before = counts.data.copy()
    SublinearTfidf(counts).transform(counts)
    assert np.array_equal(counts.data, before)
    weighted = SublinearTfidf(counts).transform(counts, copy=False)
    assert weighted is counts and not np.array_equal(counts.data, before)
    assert np.allclose(np.sqrt(weighted.multiply(weighted).sum(axis=1)), 1.0)
