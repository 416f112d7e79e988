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
from dedupe.verify import similarities, within_length_bound

U32 = npt.NDArray[np.uint32]
Pairs = npt.NDArray[np.int64]


def token_lists(texts: Sequence[str], settings: Settings) -> list[list[str]]:
    """Normalized tokens of every paragraph."""
    return [tokens(text, settings.shingle) for text in texts]


def token_table(words: Sequence[Sequence[str]], settings: Settings) -> TokenTable:
    """Token hashes of every paragraph, as the sketch stage keeps them for verification."""
    flat, starts = TokenHasher(settings.seed).hash_all(words)
    return TokenTable(flat, starts, np.diff(np.append(starts, len(flat))))


def signature_matrix(words: Sequence[Sequence[str]], settings: Settings) -> U32:
    """The (num_perm, paragraphs) MinHash matrix, in the engine's batches of paragraphs.

    One token hash cache serves all batches, as in an engine task; it starts cold.
    """
    hasher = TokenHasher(settings.seed)
    permutations = Permutations(settings.num_perm, settings.seed)
    blocks = [np.empty((settings.num_perm, 0), dtype=np.uint32)]
    for begin in range(0, len(words), BATCH_PARAGRAPHS):
        hashes, starts = hasher.hash_all(words[begin : begin + BATCH_PARAGRAPHS])
        shingles, shingle_starts = shingle_hashes(hashes, starts, settings.shingle_size)
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
