"""dedupe's stages as one call each, composed the way `dedupe.sketch` and the engine do."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from dedupe import Settings
from dedupe.engines.local import BATCH_PARAGRAPHS
from dedupe.lsh import band_keys, candidate_pairs
from dedupe.normalize import tokens
from dedupe.shingle import TokenHasher, TokenTable, shingle_hashes
from dedupe.signature import Permutations, signatures
from dedupe.sketch import Tokenized, tokenize
from dedupe.verify import similarities, within_length_bound

U32 = npt.NDArray[np.uint32]
Pairs = npt.NDArray[np.int64]


def token_lists(texts: Sequence[str], settings: Settings) -> list[list[str]]:
    """Normalized tokens of every paragraph, as strings (for the references)."""
    return [tokens(text, settings.shingle) for text in texts]


def tokenized(texts: Sequence[str], settings: Settings) -> list[Tokenized]:
    """Token hashes and exact keys of every paragraph, in the engine's batches."""
    return [
        tokenize(texts[begin : begin + BATCH_PARAGRAPHS], settings)
        for begin in range(0, len(texts), BATCH_PARAGRAPHS)
    ]


def token_table(words: Sequence[Sequence[str]], settings: Settings) -> TokenTable:
    """Token hashes of every paragraph, as the sketch stage keeps them for verification."""
    flat, starts = TokenHasher(settings.seed).hash_all(words)
    return TokenTable(flat, starts, np.diff(np.append(starts, len(flat))))


def signature_matrix(texts: Sequence[str], settings: Settings) -> U32:
    """The (num_perm, paragraphs) MinHash matrix from paragraph texts, in engine batches."""
    permutations = Permutations(settings.num_perm, settings.seed)
    blocks = [np.empty((settings.num_perm, 0), dtype=np.uint32)]
    for batch in tokenized(texts, settings):
        table = batch.tokens
        shingles, shingle_starts = shingle_hashes(table.flat, table.starts, settings.shingle_size)
        blocks.append(signatures(shingles, shingle_starts, permutations))
    return np.concatenate(blocks, axis=1)


def lsh_candidates(matrix: U32, settings: Settings) -> Pairs:
    """Candidate pairs (i < j) sharing a band key, one sort per band."""
    return candidate_pairs(band_keys(matrix, settings.bands, settings.rows))


def verified(table: TokenTable, pairs: Pairs, settings: Settings, workers: int = 1) -> Pairs:
    """The pairs at or above the threshold, checked as `engines.local.Matcher.finish` does."""
    cutoff = settings.threshold - 1e-9
    pairs = pairs[within_length_bound(table.lengths, pairs, cutoff)]
    return pairs[similarities(table, pairs, workers=workers, cutoff=cutoff) >= cutoff]
